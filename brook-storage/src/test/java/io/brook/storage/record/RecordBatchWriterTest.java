package io.brook.storage.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecordBatchWriterTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBatchesRoundTrip(long seed) {
        Random random = new Random(seed);
        List<SimpleRecord> input = new ArrayList<>();
        int n = 1 + random.nextInt(50);
        long ts = 1_600_000_000_000L + random.nextInt(1000);
        for (int i = 0; i < n; i++) {
            byte[] key = random.nextInt(4) == 0 ? null : randomBytes(random, random.nextInt(40));
            byte[] value = random.nextInt(8) == 0 ? null : randomBytes(random, random.nextInt(3000));
            List<RecordHeader> headers = new ArrayList<>();
            for (int h = random.nextInt(3); h > 0; h--) {
                headers.add(new RecordHeader("h" + h, random.nextBoolean() ? null : randomBytes(random, 5)));
            }
            input.add(new SimpleRecord(key, value, ts + random.nextInt(2000) - 1000, headers));
        }
        ByteBuffer buf = new RecordBatchWriter().producer(11, (short) 2, 100).addAll(input).build(500);
        BatchHeader h = BatchHeader.at(buf, 0);
        assertThat(h.isValidCrc()).isTrue();
        assertThat(h.magic()).isEqualTo((byte) 2);
        assertThat(h.sizeInBytes()).isEqualTo(buf.remaining());
        assertThat(h.baseOffset()).isEqualTo(500);
        assertThat(h.lastOffset()).isEqualTo(500 + n - 1);
        assertThat(h.recordsCount()).isEqualTo(n);
        assertThat(h.producerId()).isEqualTo(11);
        assertThat(h.producerEpoch()).isEqualTo((short) 2);
        assertThat(h.baseSequence()).isEqualTo(100);
        assertThat(h.lastSequence()).isEqualTo(100 + n - 1);
        assertThat(h.baseTimestamp()).isEqualTo(input.get(0).timestamp());
        assertThat(h.maxTimestamp()).isEqualTo(input.stream().mapToLong(SimpleRecord::timestamp).max().orElseThrow());
        assertThat(h.isTransactional()).isFalse();
        assertThat(h.isControl()).isFalse();
        assertThat(h.compressionType()).isZero();

        List<Record> out = RecordIterator.readAll(h);
        assertThat(out).hasSize(n);
        for (int i = 0; i < n; i++) {
            SimpleRecord in = input.get(i);
            Record r = out.get(i);
            assertThat(r.offset()).isEqualTo(500 + i);
            assertThat(r.timestamp()).isEqualTo(in.timestamp());
            assertThat(r.keyBytes()).isEqualTo(in.key());
            assertThat(r.valueBytes()).isEqualTo(in.value());
            assertThat(r.headers()).hasSameSizeAs(in.headers());
            for (int k = 0; k < in.headers().size(); k++) {
                assertThat(r.headers().get(k).key()).isEqualTo(in.headers().get(k).key());
                assertThat(r.headers().get(k).value()).isEqualTo(in.headers().get(k).value());
            }
        }
    }

    @Test
    void patchingOffsetAndEpochKeepsTheCrcAndLogAppendTimeRewritesIt() {
        ByteBuffer buf = RecordBatchWriter.of(0, List.of(new SimpleRecord(null, "v".getBytes(), 5)));
        BatchHeader h = BatchHeader.at(buf, 0);
        long crc = h.crc();
        h.setBaseOffset(123);
        h.setPartitionLeaderEpoch(9);
        assertThat(h.isValidCrc()).isTrue();
        assertThat(h.crc()).isEqualTo(crc);
        h.setLogAppendTime(777);
        assertThat(h.isLogAppendTime()).isTrue();
        assertThat(h.maxTimestamp()).isEqualTo(777);
        assertThat(h.baseTimestamp()).isEqualTo(5);
        assertThat(h.isValidCrc()).isTrue();
        assertThat(RecordIterator.readAll(h).get(0).timestamp()).isEqualTo(777);
    }

    @Test
    void transactionMarkerLayoutMatchesKafka() {
        ByteBuffer buf = RecordBatchWriter.endTransactionMarker(40, 5, (short) 3, 17, true, 99);
        BatchHeader h = BatchHeader.at(buf, 0);
        assertThat(h.isControl()).isTrue();
        assertThat(h.isTransactional()).isTrue();
        assertThat(h.baseSequence()).isEqualTo(-1);
        Record r = RecordIterator.readAll(h).get(0);
        assertThat(r.key().getShort(0)).isEqualTo((short) 0);
        assertThat(r.key().getShort(2)).isEqualTo(RecordBatchWriter.CONTROL_TYPE_COMMIT);
        assertThat(r.value().getInt(2)).isEqualTo(17);
    }

    @Test
    void batchesIteratorStopsAtAPartialTrailingBatch() {
        ByteBuffer a = RecordBatchWriter.of(0, List.of(new SimpleRecord(null, "a".getBytes(), 1)));
        ByteBuffer b = RecordBatchWriter.of(1, List.of(new SimpleRecord(null, "b".getBytes(), 1)));
        ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining() - 3);
        both.put(a).put(b.limit(b.limit() - 3)).flip();
        assertThat(RecordBatches.of(both).toList()).extracting(BatchHeader::baseOffset).containsExactly(0L);
    }

    @Test
    void compressedBatchesAreNotDecoded() {
        ByteBuffer buf = RecordBatchWriter.of(0, List.of(new SimpleRecord(null, "a".getBytes(), 1)));
        buf.putShort(BatchHeader.ATTRIBUTES_OFFSET, (short) 1);
        assertThatThrownBy(() -> new RecordIterator(BatchHeader.at(buf, 0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sequenceArithmeticWraps() {
        assertThat(BatchHeader.incrementSequence(Integer.MAX_VALUE, 1)).isZero();
        assertThat(BatchHeader.incrementSequence(Integer.MAX_VALUE - 1, 3)).isEqualTo(1);
        assertThat(BatchHeader.decrementSequence(1, 3)).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(BatchHeader.decrementSequence(10, 3)).isEqualTo(7);
    }

    @Test
    void varintsRoundTripAtTheEdges() {
        long[] longs = {0, 1, -1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : longs) {
            Varint.writeVarlong(v, out);
            Varint.writeVarint((int) v, out);
        }
        ByteBuffer in = ByteBuffer.wrap(out.toByteArray());
        for (long v : longs) {
            assertThat(Varint.readVarlong(in)).isEqualTo(v);
            assertThat(Varint.readVarint(in)).isEqualTo((int) v);
        }
        // protobuf zig-zag reference: -1 encodes as 0x01, 1 as 0x02, 300 as 0xd8 0x04
        ByteArrayOutputStream ref = new ByteArrayOutputStream();
        Varint.writeVarint(-1, ref);
        Varint.writeVarint(1, ref);
        Varint.writeVarint(300, ref);
        assertThat(ref.toByteArray()).containsExactly(0x01, 0x02, 0xd8, 0x04);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @SuppressWarnings("unused")
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
