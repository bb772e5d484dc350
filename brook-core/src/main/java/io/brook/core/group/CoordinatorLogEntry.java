package io.brook.core.group;

/**
 * One entry of a {@code __consumer_offsets} partition as replay sees it, in log order: a record (part of a
 * transaction when it carries a producer id) or a transaction marker.
 */
public sealed interface CoordinatorLogEntry {

    /** The entry's offset in the partition log. */
    long offset();

    /** A coordinator record; {@code producerId} is -1 unless it was written in a transactional batch. */
    record Data(long offset, long producerId, CoordinatorRecord record) implements CoordinatorLogEntry {

        public boolean transactional() {
            return producerId >= 0;
        }
    }

    /** A COMMIT or ABORT marker ending the producer's transaction on this partition. */
    record Marker(long offset, long producerId, boolean commit) implements CoordinatorLogEntry {
    }
}
