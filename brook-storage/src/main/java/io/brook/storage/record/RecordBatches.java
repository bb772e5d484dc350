package io.brook.storage.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates the batches in a buffer of concatenated v2 batches (a fetch response or a produce payload).
 * Stops at a trailing partial batch, as Kafka's fetch may cut one off.
 */
public final class RecordBatches implements Iterable<BatchHeader> {
    private final ByteBuffer buf;

    private RecordBatches(ByteBuffer buf) {
        this.buf = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    /** Batches between the buffer's position and limit. */
    public static RecordBatches of(ByteBuffer buf) {
        return new RecordBatches(buf);
    }

    @Override
    public Iterator<BatchHeader> iterator() {
        return new Iterator<>() {
            private int pos = buf.position();

            @Override
            public boolean hasNext() {
                if (buf.limit() - pos < BatchHeader.HEADER_SIZE) {
                    return false;
                }
                int length = buf.getInt(pos + BatchHeader.LENGTH_OFFSET);
                return length >= BatchHeader.MIN_BATCH_LENGTH && buf.limit() - pos - BatchHeader.LOG_OVERHEAD >= length;
            }

            @Override
            public BatchHeader next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                BatchHeader h = new BatchHeader(buf, pos);
                pos += h.sizeInBytes();
                return h;
            }
        };
    }

    public List<BatchHeader> toList() {
        List<BatchHeader> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** Every record of every (uncompressed) batch. */
    public List<Record> records() {
        List<Record> out = new ArrayList<>();
        for (BatchHeader h : this) {
            new RecordIterator(h).forEachRemaining(out::add);
        }
        return out;
    }
}
