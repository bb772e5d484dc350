package io.brook.storage;

/** An offset paired with a record timestamp, as answered to ListOffsets. */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
