package io.brook.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A one-number text file in the partition directory ({@code log-start-offset}, {@code recovery-point}),
 * replaced atomically via a temp file and rename. A missing or unreadable file reads as -1.
 */
final class OffsetFile {
    private final Path file;

    OffsetFile(Path file) {
        this.file = file;
    }

    long read() {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1; // torn by a crash before its rename was durable: fall back to the safe default
        }
    }

    void write(long value, boolean sync) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + SegmentFiles.TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
