package io.brook.tests.txn;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child-process broker for the crash tests (kill -9 with {@code destroyForcibly}), on a fixed port. */
final class TxnBrokerProcess {
    private TxnBrokerProcess() {
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts BrookMain on {@code port} with data in {@code dir}; returns once it is listening. */
    static Process start(Path dir, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.brook.server.BrookMain",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir,
                "--override", "transaction.state.log.num.partitions=3",
                "--override", "transaction.abort.timed.out.transaction.cleanup.interval.ms=200");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<Void> up = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("listening on")) {
                        up.complete(null);
                    }
                }
            } catch (Exception e) {
                // process gone
            }
            up.completeExceptionally(new IllegalStateException("broker exited before listening"));
        });
        reader.setDaemon(true);
        reader.start();
        up.get(30, TimeUnit.SECONDS);
        return p;
    }
}
