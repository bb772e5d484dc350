package io.brook.core.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/** Kafka's {@code partition.metadata} file: the topic id a partition directory belongs to. */
public final class PartitionMetadataFile {

    static final String NAME = "partition.metadata";

    private PartitionMetadataFile() {
    }

    public static void write(Path partitionDir, UUID topicId) throws IOException {
        Path tmp = partitionDir.resolve(NAME + ".tmp");
        Files.writeString(tmp, "version: 0\ntopic_id: " + toKafkaString(topicId) + "\n");
        Files.move(tmp, partitionDir.resolve(NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The topic id recorded in the directory, or null when there is no file. */
    public static UUID read(Path partitionDir) throws IOException {
        Path file = partitionDir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("topic_id:")) {
                return fromKafkaString(line.substring("topic_id:".length()).trim());
            }
        }
        throw new IOException(file + " has no topic_id line");
    }

    /** Kafka writes a Uuid as 16 bytes of URL-safe base64 without padding. */
    public static String toKafkaString(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    public static UUID fromKafkaString(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
