package io.brook.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The aborted-transaction index of one segment ({@code <base offset>.txnindex}, Kafka's format): the
 * transactions whose abort marker lies in that segment, in marker order. Kept in memory too, so a
 * read_committed fetch never touches the file. Created lazily on the first abort, like Kafka.
 */
final class TransactionIndex implements Closeable {
    private final Path file;
    private final List<AbortedTxn> entries = new CopyOnWriteArrayList<>();
    private FileChannel channel;

    private TransactionIndex(Path file) {
        this.file = file;
    }

    static TransactionIndex create(Path file) {
        return new TransactionIndex(file);
    }

    /** Reads the entries of an existing file; a torn trailing entry is dropped (and cut off the file). */
    static TransactionIndex load(Path file) throws IOException {
        TransactionIndex index = new TransactionIndex(file);
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        List<AbortedTxn> read = new ArrayList<>();
        try {
            while (buf.remaining() >= AbortedTxn.SIZE) {
                read.add(AbortedTxn.readFrom(buf));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("transaction index " + file + " is corrupt: " + e.getMessage(), e);
        }
        index.entries.addAll(read);
        if (buf.remaining() > 0) {
            index.rewrite();
        }
        return index;
    }

    Path file() {
        return file;
    }

    List<AbortedTxn> entries() {
        return Collections.unmodifiableList(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void append(AbortedTxn txn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(AbortedTxn.SIZE);
        txn.writeTo(buf);
        buf.flip();
        FileChannel ch = channel();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        entries.add(txn);
    }

    /** Drops entries whose marker is at or after {@code offset}. */
    void truncateFrom(long offset) throws IOException {
        if (entries.removeIf(t -> t.lastOffset() >= offset)) {
            rewrite();
        }
    }

    void flush() throws IOException {
        if (channel != null) {
            channel.force(true);
        }
    }

    private void rewrite() throws IOException {
        close();
        ByteBuffer buf = ByteBuffer.allocate(entries.size() * AbortedTxn.SIZE);
        entries.forEach(t -> t.writeTo(buf));
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    void deleteIfExists() throws IOException {
        close();
        entries.clear();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
