package io.brook.tests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a non-Java client's script (python3 / node) as a child process and parses its JSON-lines
 * output. A missing client skips the test, unless CI=true, where it fails (CI installs them:
 * see .ci/run).
 */
final class ExternalClient {

    private ExternalClient() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or, under CI=true, fails) when {@code available} is false. */
    static void require(boolean available, String what, String install) {
        if (!available && ci()) {
            fail(what + " is not installed, but CI=true requires it (" + install + ")");
        }
        assumeTrue(available, what + " is not installed; " + install);
    }

    static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** True when the command exits 0 within 20 s. */
    static boolean succeeds(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A script's parsed output lines, in order. */
    record Output(List<Map<String, Object>> events, String stdout, String stderr) {
        /** The only event of that name. */
        Map<String, Object> one(String event) {
            List<Map<String, Object>> all = all(event);
            assertThat(all).as("exactly one '%s' event in:\n%s\nstderr:\n%s", event, stdout, stderr).hasSize(1);
            return all.get(0);
        }

        List<Map<String, Object>> all(String event) {
            return events.stream().filter(e -> event.equals(e.get("event"))).toList();
        }

        @Override
        public String toString() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /**
     * Runs the command in {@code dir}; fails the test on a timeout, a non-zero exit, a non-JSON
     * output line, an "error" event or a missing final "done" event.
     */
    static Output run(Path dir, Duration timeout, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("compat-out", ".txt");
        Path err = Files.createTempFile("compat-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (!done) {
                fail("timed out after " + timeout + ": " + cmd + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            List<Map<String, Object>> events = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(Json.object(line));
                } catch (RuntimeException e) {
                    fail("not a JSON line: " + line + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
                }
            }
            Output output = new Output(events, stdout, stderr);
            assertThat(output.all("error")).as("%s exited %d with an error event; %s", cmd, p.exitValue(), output)
                    .isEmpty();
            assertThat(p.exitValue()).as("%s exit code; %s", cmd, output).isZero();
            assertThat(events).as("the script ran to its end; %s", output).isNotEmpty();
            assertThat(events.get(events.size() - 1).get("event")).as("last event; %s", output).isEqualTo("done");
            return output;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The API versions the broker advertises (ApiVersions v0 on a raw socket: what a client
     * sees before it picks versions), key to {min, max}.
     */
    static Map<Integer, int[]> apiVersions(String bootstrap) throws IOException {
        int colon = bootstrap.lastIndexOf(':');
        try (Socket socket = new Socket(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1)))) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] clientId = "compat".getBytes(StandardCharsets.UTF_8);
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18); // ApiVersions
            out.writeShort(0);
            out.writeInt(1);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readInt(); // size
            assertThat(in.readInt()).as("correlation id").isEqualTo(1);
            assertThat(in.readShort()).as("ApiVersions error").isZero();
            int n = in.readInt();
            Map<Integer, int[]> ranges = new HashMap<>();
            for (int k = 0; k < n; k++) {
                ranges.put((int) in.readShort(), new int[] {in.readShort(), in.readShort()});
            }
            return ranges;
        }
    }

    // ---------------------------------------------------------------- JSON helpers

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static long num(Object o) {
        if (o instanceof String s) {
            return Long.parseLong(s); // kafkajs reports offsets as strings
        }
        return ((Number) o).longValue();
    }
}
