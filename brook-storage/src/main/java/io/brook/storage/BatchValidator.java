package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural checks of a produce payload before anything is written, in Kafka's order: framing and
 * magic, max.message.bytes, CRC, then (for client appends) offset range / record count / control flag /
 * sequence presence as Kafka's {@code LogValidator} does. Records are never decoded.
 */
final class BatchValidator {
    private BatchValidator() {
    }

    /** Headers of every batch between position and limit of {@code buf}. */
    static List<BatchHeader> validate(ByteBuffer buf, LogConfig config, AppendOrigin origin) {
        List<BatchHeader> batches = new ArrayList<>(1);
        int start = buf.position();
        int end = buf.limit();
        int pos = start;
        long total = 0;
        while (pos < end) {
            int at = pos - start;
            if (end - pos < BatchHeader.MAGIC_OFFSET + 1) {
                throw new CorruptRecordException("truncated batch at byte " + at);
            }
            BatchHeader h = new BatchHeader(buf, pos);
            if (h.magic() < BatchHeader.MAGIC_V2) {
                throw new UnsupportedMessageFormat("message format v" + h.magic() + " at byte " + at
                        + " is not supported; only record batch v2 (Kafka 0.11+ clients)");
            }
            if (h.magic() != BatchHeader.MAGIC_V2) {
                throw new CorruptRecordException("unknown magic " + h.magic() + " at byte " + at);
            }
            if (end - pos < BatchHeader.HEADER_SIZE) {
                throw new CorruptRecordException("truncated batch header at byte " + at);
            }
            int length = h.batchLength();
            if (length < BatchHeader.MIN_BATCH_LENGTH) {
                throw new CorruptRecordException("batch length " + length + " at byte " + at + " is below the minimum "
                        + BatchHeader.MIN_BATCH_LENGTH);
            }
            if (length > end - pos - BatchHeader.LOG_OVERHEAD) {
                throw new CorruptRecordException("batch at byte " + at + " claims " + length + " bytes but only "
                        + (end - pos - BatchHeader.LOG_OVERHEAD) + " remain");
            }
            if (h.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordTooLargeException("batch of " + h.sizeInBytes() + " bytes exceeds max.message.bytes "
                        + config.maxMessageBytes());
            }
            if (!h.isValidCrc()) {
                throw new CorruptRecordException("batch at byte " + at + " fails its CRC check (stored " + h.crc()
                        + ", computed " + h.computeCrc() + ")");
            }
            if (h.lastOffsetDelta() < 0) {
                throw new InvalidRecordException("batch at byte " + at + " has negative lastOffsetDelta " + h.lastOffsetDelta());
            }
            if (origin == AppendOrigin.CLIENT) {
                checkClientBatch(h, at);
            }
            total += h.sizeInBytes();
            batches.add(h);
            pos += h.sizeInBytes();
        }
        if (total > config.segmentBytes()) {
            throw new RecordTooLargeException("append of " + total + " bytes exceeds segment.bytes " + config.segmentBytes());
        }
        return batches;
    }

    /**
     * CreateTime limits (message.timestamp.before/after.max.ms), checked on the batch header: its
     * largest timestamp may not be too far ahead and its first timestamp not too far behind.
     * Kafka checks every record; the header bounds catch the same clock mistakes without decoding.
     */
    static void validateTimestamps(List<BatchHeader> batches, long now, LogConfig config) {
        if (config.logAppendTime()) {
            return;
        }
        long latest = config.timestampAfterMaxMs() > Long.MAX_VALUE - now ? Long.MAX_VALUE
                : now + config.timestampAfterMaxMs();
        long earliest = config.timestampBeforeMaxMs() > now ? Long.MIN_VALUE : now - config.timestampBeforeMaxMs();
        for (BatchHeader h : batches) {
            long max = h.maxTimestamp();
            long first = h.baseTimestamp();
            if (max > latest || (first >= 0 && first < earliest)) {
                long bad = max > latest ? max : first;
                throw new InvalidTimestampException("Timestamp " + bad + " of message with offset 0 is out of range. "
                        + "The timestamp should be within [" + earliest + ", " + latest + "]");
            }
        }
    }

    private static void checkClientBatch(BatchHeader h, int at) {
        int count = h.recordsCount();
        if (count <= 0) {
            throw new InvalidRecordException("batch at byte " + at + " has invalid record count " + count);
        }
        if (count != h.lastOffsetDelta() + 1L) {
            throw new InvalidRecordException("batch at byte " + at + " has " + count + " records but lastOffsetDelta "
                    + h.lastOffsetDelta());
        }
        if (h.isControl()) {
            throw new InvalidRecordException("clients may not write control batches");
        }
        if (h.hasProducerId() && h.baseSequence() < 0) {
            throw new InvalidRecordException("batch at byte " + at + " has producer id " + h.producerId()
                    + " but no sequence number");
        }
    }
}
