/**
 * Brook's partition log, byte-compatible with Apache Kafka's on-disk format (Kafka's
 * {@code kafka-dump-log} reads Brook segments, indexes and producer snapshots).
 *
 * <p>Entry point: {@link io.brook.storage.PartitionLog}. Decisions worth knowing:
 * <ul>
 *   <li>Batches stay in wire format: appends patch baseOffset / partitionLeaderEpoch in place and never
 *       decode or decompress records (LogAppendTime rewrites maxTimestamp + CRC only).</li>
 *   <li>Indexes are never preallocated and are read with positional reads, so heap use does not grow with
 *       the number of records stored.</li>
 *   <li>Recovery point and log start offset live in small per-partition text files
 *       ({@code recovery-point}, {@code log-start-offset}) instead of Kafka's per-log-dir checkpoints.</li>
 *   <li>Producer snapshots use Kafka's v1 format but hold one entry per cached batch (up to 5 per producer)
 *       so duplicate detection survives restarts; Kafka loading such a file keeps the last one.</li>
 *   <li>No compaction, transaction index ({@code .txnindex}) or leader-epoch checkpoint yet.</li>
 * </ul>
 * No networking and no Kafka classes in this module; errors carry their Kafka error codes
 * ({@link io.brook.storage.StorageException#kafkaErrorCode()}).
 */
package io.brook.storage;
