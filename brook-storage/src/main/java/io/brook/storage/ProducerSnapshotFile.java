package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@code <offset>.snapshot} in Kafka's producer-snapshot format, version 1:
 * {@code version int16, crc uint32 (CRC-32C of everything after it), count int32, entries}, each entry
 * {@code producerId int64, epoch int16, lastSequence int32, lastOffset int64, offsetDelta int32,
 * timestamp int64, coordinatorEpoch int32, currentTxnFirstOffset int64}.
 *
 * <p>Brook writes one entry per cached batch (up to 5 per producer, oldest first) so the dedupe window
 * survives a restart. Kafka reading such a file keeps the last entry per producer — its own state.
 */
final class ProducerSnapshotFile {
    static final short VERSION = 1;
    private static final int CRC_OFFSET = 2;
    private static final int ENTRIES_OFFSET = 6;
    private static final int ENTRY_SIZE = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

    private ProducerSnapshotFile() {
    }

    static void write(Path file, Collection<ProducerStateEntry> producers, boolean sync) throws IOException {
        List<ByteBuffer> rows = new ArrayList<>();
        int count = 0;
        for (ProducerStateEntry e : producers) {
            List<BatchMetadata> batches = e.batches();
            if (batches.isEmpty()) {
                count++;
            } else {
                count += batches.size();
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(ENTRIES_OFFSET + 4 + count * ENTRY_SIZE);
        buf.putShort(VERSION).putInt(0).putInt(count);
        for (ProducerStateEntry e : producers) {
            List<BatchMetadata> batches = e.batches();
            if (batches.isEmpty()) {
                putEntry(buf, e, -1, -1L, 0, e.lastTimestamp());
            }
            for (BatchMetadata b : batches) {
                putEntry(buf, e, b.lastSeq(), b.lastOffset(), (int) (b.lastOffset() - b.firstOffset()), b.timestamp());
            }
        }
        buf.flip();
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(ENTRIES_OFFSET));
        buf.putInt(CRC_OFFSET, (int) crc.getValue());
        Path tmp = file.resolveSibling(file.getFileName() + SegmentFiles.TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (sync) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void putEntry(ByteBuffer buf, ProducerStateEntry e, int lastSeq, long lastOffset, int offsetDelta,
                                 long timestamp) {
        buf.putLong(e.producerId()).putShort(e.producerEpoch()).putInt(lastSeq).putLong(lastOffset).putInt(offsetDelta)
                .putLong(timestamp).putInt(e.coordinatorEpoch()).putLong(e.currentTxnFirstOffset());
    }

    /** Entries of a snapshot; IOException naming the file if it is truncated or fails its CRC. */
    static List<ProducerStateEntry> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() < ENTRIES_OFFSET + 4) {
            throw new IOException("producer snapshot " + file + " is truncated");
        }
        short version = buf.getShort(0);
        if (version != VERSION) {
            throw new IOException("producer snapshot " + file + " has unsupported version " + version);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(ENTRIES_OFFSET));
        if ((int) crc.getValue() != buf.getInt(CRC_OFFSET)) {
            throw new IOException("producer snapshot " + file + " fails its CRC check");
        }
        buf.position(ENTRIES_OFFSET);
        int count = buf.getInt();
        if (count < 0 || buf.remaining() != (long) count * ENTRY_SIZE) {
            throw new IOException("producer snapshot " + file + " has a bad entry count " + count);
        }
        Map<Long, ProducerStateEntry> byId = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long pid = buf.getLong();
            short epoch = buf.getShort();
            int lastSeq = buf.getInt();
            long lastOffset = buf.getLong();
            int offsetDelta = buf.getInt();
            long timestamp = buf.getLong();
            int coordinatorEpoch = buf.getInt();
            long txnFirstOffset = buf.getLong();
            ProducerStateEntry e = byId.computeIfAbsent(pid, id -> new ProducerStateEntry(id, epoch));
            e.updateEpoch(epoch);
            if (lastOffset >= 0 && lastSeq >= 0) {
                int firstSeq = io.brook.storage.record.BatchHeader.decrementSequence(lastSeq, offsetDelta);
                e.addBatch(new BatchMetadata(firstSeq, lastSeq, lastOffset - offsetDelta, lastOffset, timestamp));
            }
            e.setLastTimestamp(Math.max(e.lastTimestamp(), timestamp));
            e.setCoordinatorEpoch(coordinatorEpoch);
            e.setCurrentTxnFirstOffset(txnFirstOffset);
        }
        return new ArrayList<>(byId.values());
    }
}
