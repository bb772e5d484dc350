package io.brook.storage;

/** What the producer state remembers of one idempotent batch, enough to recognise a retry. */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
}
