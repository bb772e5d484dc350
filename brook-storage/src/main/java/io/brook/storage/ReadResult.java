package io.brook.storage;

/** Outcome of {@link PartitionLog#read}: whole batches (possibly none) plus the log bounds at read time. */
public record ReadResult(FileSlice slice, long logStartOffset, long logEndOffset) {
}
