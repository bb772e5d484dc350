package io.brook.storage;

/**
 * A transaction a marker just ended on this partition: data at [firstOffset, lastOffset) plus the marker at
 * {@code lastOffset}. {@code lastStableOffset} is the partition's LSO once it is complete.
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted, long lastStableOffset) {

    AbortedTxn toAbortedTxn() {
        return new AbortedTxn(producerId, firstOffset, lastOffset, lastStableOffset);
    }
}
