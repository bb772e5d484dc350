package io.brook.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** close() releases every broker thread and file descriptor. */
@Isolated
class ResourceLeakTest {

    /** Threads owned by the JVM, the test runner or process-global pools, not by a broker. */
    private static final Pattern JVM_GLOBAL = Pattern.compile(
            "Attach Listener|Common-Cleaner|Signal Dispatcher|Reference Handler|Finalizer|Notification Thread"
                    + "|process reaper|ForkJoinPool\\.commonPool-worker-\\d+|globalEventExecutor-.*"
                    + "|ObjectCleanerThread|surefire-.*|junit-.*|idle-connection-reaper.*|awaitility.*");

    private static void exercise(EmbeddedBrook brook) throws Exception {
        Kafka.produce(brook.bootstrapServers(), "leak", IntStream.range(0, 50).mapToObj(i -> "v" + i).toList());
        assertThat(Kafka.consume(brook.bootstrapServers(), "leak", 50)).hasSizeGreaterThanOrEqualTo(50);
    }

    private static EmbeddedBrook newBroker() {
        return EmbeddedBrook.builder().topic("leak", 2).build();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void closeLeavesNoThreadsAndNoOpenFiles() throws Exception {
        // warm-up: loads classes and jar files and starts the JVM-global pools once
        try (EmbeddedBrook warm = newBroker().start()) {
            exercise(warm);
        }
        awaitThreadsSettled();
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Map<String, String> fdsBefore = openFds();

        EmbeddedBrook brook = newBroker().start();
        exercise(brook);
        brook.restart();
        exercise(brook);
        brook.close();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Set<Thread> leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !threadsBefore.contains(t) && t != Thread.currentThread())
                    .filter(t -> !t.isDaemon() || !JVM_GLOBAL.matcher(t.getName()).matches())
                    .collect(Collectors.toSet());
            assertThat(leaked).as("threads left after close()")
                    .extracting(t -> t.getName() + (t.isDaemon() ? " (daemon)" : "")).isEmpty();
        });
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, String> now = openFds();
            Map<String, String> added = new TreeMap<>(now);
            added.keySet().removeAll(fdsBefore.keySet());
            assertThat(now.size()).as("open fds after close(); new ones: %s", added)
                    .isLessThanOrEqualTo(fdsBefore.size());
        });
    }

    private static void awaitThreadsSettled() {
        // kafka-clients / netty helper threads of the warm-up run end asynchronously
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("kafka-") || t.getName().startsWith("brook")));
    }

    /** fd number -> link target of this process's open descriptors. */
    private static Map<String, String> openFds() {
        Path fdDir = Path.of("/proc/self/fd");
        Map<String, String> fds = new TreeMap<>();
        try (Stream<Path> s = Files.list(fdDir)) {
            for (Path p : s.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue; // the directory stream's own fd, already closed
                }
                fds.put(p.getFileName().toString(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }
}
