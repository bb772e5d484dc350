package io.brook.metadata.log;

import io.brook.metadata.record.MetadataRecord;
import io.brook.metadata.record.MetadataRecordSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node metadata log: one append-only file of checksummed batches, fsynced before
 * append returns. A batch torn by a crash was never acknowledged, so replay truncates it.
 *
 * <p>Batch layout: length int32 (of what follows the crc), crc32c int32, base offset int64,
 * record count int32, then per record: size int32 and the serialized record.
 */
public final class FileMetadataLog implements MetadataLog {

    private static final Logger log = LoggerFactory.getLogger(FileMetadataLog.class);
    private static final int FRAME_HEADER = 8;

    private final Path file;
    private final FileChannel channel;
    private long nextOffset;
    private boolean replayed;

    public FileMetadataLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("metadata.log");
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void replay(Visitor visitor) throws IOException {
        long position = 0;
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        while (position + FRAME_HEADER <= size) {
            header.clear();
            channel.read(header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 12 || position + FRAME_HEADER + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            channel.read(body, position + FRAME_HEADER);
            body.flip();
            CRC32C checksum = new CRC32C();
            checksum.update(body.duplicate());
            if ((int) checksum.getValue() != crc) {
                break;
            }
            long baseOffset = body.getLong();
            int count = body.getInt();
            for (int i = 0; i < count; i++) {
                byte[] data = new byte[body.getInt()];
                body.get(data);
                visitor.accept(MetadataRecordSerde.deserialize(data), baseOffset + i);
            }
            nextOffset = baseOffset + count;
            position += FRAME_HEADER + length;
        }
        if (position < size) {
            log.warn("Metadata log {} has an incomplete batch at byte {} (a crash during a write); "
                    + "truncating {} bytes that were never acknowledged", file, position, size - position);
            channel.truncate(position);
            channel.force(true);
        }
        channel.position(position);
        replayed = true;
    }

    @Override
    public synchronized long append(List<MetadataRecord> records) throws IOException {
        if (!replayed) {
            throw new IllegalStateException("replay the metadata log before appending to it");
        }
        List<byte[]> serialized = new ArrayList<>(records.size());
        int length = 12;
        for (MetadataRecord record : records) {
            byte[] data = MetadataRecordSerde.serialize(record);
            serialized.add(data);
            length += 4 + data.length;
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + length);
        frame.putInt(length).putInt(0).putLong(nextOffset).putInt(records.size());
        serialized.forEach(data -> frame.putInt(data.length).put(data));
        CRC32C checksum = new CRC32C();
        checksum.update(frame.array(), FRAME_HEADER, length);
        frame.putInt(4, (int) checksum.getValue());
        frame.flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
        channel.force(false);
        nextOffset += records.size();
        return nextOffset - 1;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
