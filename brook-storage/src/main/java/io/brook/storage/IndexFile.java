package io.brook.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Shared plumbing of the offset and time indexes: a file of fixed-size big-endian entries, never
 * preallocated (length = entries * entrySize, so Kafka tools read it), read on demand with positional
 * reads so the heap holds no entries (the offset index adds a summary of every 128th, see
 * {@link OffsetIndex}). Appends are made under the log's lock; the entry count is
 * volatile and published after the bytes are written, so lock-free readers only see complete entries.
 */
abstract class IndexFile implements Closeable {
    protected final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private final FileChannel channel;
    private volatile int entries;

    IndexFile(Path file, long baseOffset, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.entries = (int) (channel.size() / entrySize);
        } catch (IOException e) {
            throw new IOException("cannot open index file " + file + ": " + e, e);
        }
    }

    final Path file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    final long sizeInBytes() {
        return (long) entries * entrySize;
    }

    /** True if the file length is a whole number of entries. */
    final boolean hasWholeEntries() throws IOException {
        return channel.size() % entrySize == 0;
    }

    final ByteBuffer readEntry(int n, ByteBuffer dst) throws IOException {
        dst.clear().limit(entrySize);
        long p = (long) n * entrySize;
        while (dst.hasRemaining()) {
            if (channel.read(dst, p + dst.position()) < 0) {
                throw new IOException("index " + file + " truncated at entry " + n);
            }
        }
        return dst.flip();
    }

    /** Reads entries {@code first .. first+count-1} into {@code dst} (position 0, limit count * entrySize). */
    final ByteBuffer readEntries(int first, int count, ByteBuffer dst) throws IOException {
        dst.clear().limit(count * entrySize);
        long p = (long) first * entrySize;
        while (dst.hasRemaining()) {
            if (channel.read(dst, p + dst.position()) < 0) {
                throw new IOException("index " + file + " truncated at entry " + (first + dst.position() / entrySize));
            }
        }
        return dst.flip();
    }

    final void appendEntry(ByteBuffer entry) throws IOException {
        long p = (long) entries * entrySize;
        while (entry.hasRemaining()) {
            p += channel.write(entry, p);
        }
        entries = entries + 1;
    }

    /** Drops entries from {@code n} on. */
    final void truncateToEntries(int n) throws IOException {
        entries = Math.min(entries, n);
        channel.truncate((long) n * entrySize);
    }

    final void flush() throws IOException {
        channel.force(true);
    }

    final void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    final void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
