package io.brook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark measures the right thing: known check values, heap and direct agree. */
class ChecksumBenchmarkTest {

    @Test
    void knownCheckValues() {
        // the standard "123456789" check values of CRC-32C (Castagnoli) and CRC-32 (IEEE)
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        ChecksumBenchmark b = new ChecksumBenchmark();
        b.size = check.length;
        b.setUp();
        assertThat(ChecksumBenchmark.update(new java.util.zip.CRC32C(), check)).isEqualTo(0xE3069283L);
        assertThat(ChecksumBenchmark.update(new java.util.zip.CRC32(), check)).isEqualTo(0xCBF43926L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 16384, 1048576})
    void heapAndDirectAgreeAndAreRepeatable(int size) {
        ChecksumBenchmark b = new ChecksumBenchmark();
        b.size = size;
        b.setUp();
        long c1 = b.crc32cHeap();
        assertThat(b.crc32cDirect()).isEqualTo(c1);
        assertThat(b.crc32cHeap()).isEqualTo(c1); // reset between calls
        assertThat(b.crc32Direct()).isEqualTo(b.crc32Heap());
        assertThat(b.crc32Heap()).isNotEqualTo(c1);
    }
}
