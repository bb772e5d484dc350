package io.brook.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrookTest {

    private static List<String> values(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    @Test
    void temporaryDataDirIsDeletedOnCloseAndPortIsEphemeral() {
        Path dir;
        try (EmbeddedBrook brook = EmbeddedBrook.builder().build().start()) {
            dir = brook.dataDir();
            assertThat(dir).isDirectory();
            assertThat(brook.boundAddress().getPort()).isPositive();
            assertThat(brook.bootstrapServers()).endsWith(":" + brook.boundAddress().getPort());
            assertThat(brook.isRunning()).isTrue();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void givenDataDirIsKept(@TempDir Path tmp) {
        Path dir = tmp.resolve("data");
        EmbeddedBrook brook = EmbeddedBrook.builder().dataDir(dir).build().start();
        brook.close();
        brook.close(); // idempotent
        assertThat(dir).isDirectory();
        assertThat(brook.isRunning()).isFalse();
        assertThatThrownBy(brook::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoBrokersInOneJvmDoNotInterfere() throws Exception {
        try (EmbeddedBrook a = EmbeddedBrook.builder().topic("shared", 1).build().start();
             EmbeddedBrook b = EmbeddedBrook.builder().topic("shared", 1).build().start()) {
            assertThat(a.bootstrapServers()).isNotEqualTo(b.bootstrapServers());
            assertThat(a.dataDir()).isNotEqualTo(b.dataDir());

            Kafka.produce(a.bootstrapServers(), "shared", values("a", 10));
            Kafka.produce(b.bootstrapServers(), "shared", values("b", 3));

            assertThat(Kafka.consume(a.bootstrapServers(), "shared", 10)).isEqualTo(values("a", 10));
            assertThat(Kafka.consume(b.bootstrapServers(), "shared", 3)).isEqualTo(values("b", 3));

            a.close();
            Kafka.produce(b.bootstrapServers(), "shared", values("b2", 2));
            List<String> expected = new java.util.ArrayList<>(values("b", 3));
            expected.addAll(values("b2", 2));
            assertThat(Kafka.consume(b.bootstrapServers(), "shared", 5)).isEqualTo(expected);
        }
    }

    @Test
    void closeAndReopenOnSameDirectoryKeepsData(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        try (EmbeddedBrook first = EmbeddedBrook.builder().dataDir(dir).topic("kept", 1).build().start()) {
            Kafka.produce(first.bootstrapServers(), "kept", values("v", 100));
        }
        assertThat(Files.list(dir).count()).isPositive();
        // the builder's topic already exists in the directory: start must not fail on it
        try (EmbeddedBrook second = EmbeddedBrook.builder().dataDir(dir).topic("kept", 1).build().start()) {
            assertThat(Kafka.consume(second.bootstrapServers(), "kept", 100)).isEqualTo(values("v", 100));
        }
    }

    @Test
    void restartKeepsDataAndPort() throws Exception {
        try (EmbeddedBrook brook = EmbeddedBrook.builder().topic("r", 1).build().start()) {
            Kafka.produce(brook.bootstrapServers(), "r", values("x", 20));
            Path dir = brook.dataDir();
            String before = brook.bootstrapServers();
            brook.restart();
            assertThat(brook.dataDir()).isEqualTo(dir);
            // the same port is tried first; it may only differ if the port was taken meanwhile
            assertThat(brook.bootstrapServers()).isEqualTo(before);
            assertThat(Kafka.consume(brook.bootstrapServers(), "r", 20)).isEqualTo(values("x", 20));
        }
    }
}
