package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a segment batch by batch (length, magic, offset order, CRC), rebuilding both indexes as it
 * goes, and truncates the {@code .log} at the first torn or corrupt batch.
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int CHUNK = 64 * 1024;

    private LogRecovery() {
    }

    /** Recovers {@code segment}; returns the number of bytes truncated (0 if the segment was intact). */
    static int recover(LogSegment segment, int indexIntervalBytes) throws IOException {
        segment.resetForRecovery();
        FileChannel ch = segment.channel();
        long fileSize = ch.size();
        ByteBuffer hdr = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        BatchHeader h = new BatchHeader(hdr, 0);
        long pos = 0;
        String problem = null;
        while (pos < fileSize) {
            if (!segment.readHeader(pos, hdr, fileSize)) {
                problem = "incomplete batch header";
                break;
            }
            problem = check(h, pos, fileSize, segment.nextOffset());
            if (problem == null && computeCrc(ch, pos, h.sizeInBytes(), chunk) != h.crc()) {
                problem = "CRC mismatch";
            }
            if (problem != null) {
                break;
            }
            segment.onBatch(h, (int) pos, indexIntervalBytes);
            pos += h.sizeInBytes();
        }
        segment.truncateLogTo((int) pos);
        int truncated = (int) (fileSize - pos);
        if (truncated > 0) {
            LOG.warn("Truncating {} at byte position {} ({} bytes dropped): {}", segment.logFile(), pos, truncated, problem);
        }
        return truncated;
    }

    private static String check(BatchHeader h, long pos, long fileSize, long expectedMinOffset) {
        if (h.batchLength() < BatchHeader.MIN_BATCH_LENGTH) {
            return "batch length " + h.batchLength() + " too small";
        }
        if (pos + h.sizeInBytes() > fileSize) {
            return "batch of " + h.sizeInBytes() + " bytes extends past end of file";
        }
        if (h.magic() != BatchHeader.MAGIC_V2) {
            return "unsupported magic " + h.magic();
        }
        if (h.lastOffsetDelta() < 0) {
            return "negative lastOffsetDelta " + h.lastOffsetDelta();
        }
        if (h.baseOffset() < expectedMinOffset) {
            return "base offset " + h.baseOffset() + " below expected " + expectedMinOffset;
        }
        return null;
    }

    /** CRC-32C of the batch at {@code pos} from the attributes field to its end, streamed in chunks. */
    private static long computeCrc(FileChannel ch, long pos, int batchSize, ByteBuffer chunk) throws IOException {
        CRC32C crc = new CRC32C();
        long p = pos + BatchHeader.ATTRIBUTES_OFFSET;
        long end = pos + batchSize;
        while (p < end) {
            chunk.clear().limit((int) Math.min(CHUNK, end - p));
            int n = ch.read(chunk, p);
            if (n < 0) {
                return -1;
            }
            chunk.flip();
            crc.update(chunk);
            p += n;
        }
        return crc.getValue();
    }
}
