/**
 * Kafka record batch (magic v2) helpers without kafka-clients: a zero-copy {@link io.brook.storage.record.BatchHeader}
 * view, {@link io.brook.storage.record.RecordBatchWriter} for uncompressed batches (incl. transaction markers),
 * and {@link io.brook.storage.record.RecordIterator} / {@link io.brook.storage.record.RecordBatches} to read them.
 */
package io.brook.storage.record;
