package io.brook.tests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Brook as a real child process ({@code io.brook.server.BrookMain}) that a test can SIGKILL. */
final class ChildBroker implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final int port;

    private ChildBroker(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts the broker on a free port with the given data directory and waits until it accepts. */
    static ChildBroker start(Path dataDir, Path outputFile) throws IOException {
        int port = Net.freePort();
        // Surefire may run tests from a manifest-only jar; it publishes the real class path here.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath,
                "io.brook.server.BrookMain",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir,
                "--override", "auto.create.topics.enable=false"));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .start();
        ChildBroker child = new ChildBroker(p, outputFile, port);
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            await("child broker accepting on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("child broker exited with " + p.exitValue() + ":\n" + child.output());
                        }
                        return Net.accepts(address);
                    });
        } catch (RuntimeException | AssertionError e) {
            child.close();
            throw e;
        }
        return child;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<no output: " + e + ">";
        }
    }

    /** SIGKILL: no shutdown hooks, no flush, no clean-shutdown marker. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child broker did not die");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
