package io.brook.core.partition;

/** A partition of a topic, by name and index. */
public record TopicPartition(String topic, int partition) {

    /** The partition's directory name, as Kafka names it. */
    public String dirName() {
        return topic + "-" + partition;
    }

    @Override
    public String toString() {
        return dirName();
    }
}
