package io.brook.tests.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brook.server.BrookServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java transactional client: python3-confluent-kafka (librdkafka) aborts and commits against Brook.
 * Skipped when the module is missing, unless CI=true (then it must be installed: Debian package
 * python3-confluent-kafka).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LibrdkafkaTransactionsTest {
    @TempDir
    Path dir;

    /** Debian's python3 (where python3-confluent-kafka installs), else whatever python3 is on the PATH. */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    static boolean confluentKafkaAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void confluentKafkaCommitsAndAborts() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean available = confluentKafkaAvailable();
        if (ci) {
            assertThat(available).as("python3-confluent-kafka must be installed in CI").isTrue();
        }
        assumeTrue(available, "python3-confluent-kafka is not installed");
        Path script = dir.resolve("confluent_txn.py");
        try (InputStream in = getClass().getResourceAsStream("/txn/confluent_txn.py")) {
            Files.copy(in, script);
        }
        try (BrookServer broker = new BrookServer(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("data").toString(), "transaction.state.log.num.partitions", "3"))) {
            broker.start();
            String topic;
            try (Admin admin = TxnClients.admin(broker.bootstrapServers())) {
                topic = TxnClients.createTopic(admin, 1);
            }
            Process p = new ProcessBuilder(PYTHON, script.toString(), broker.bootstrapServers(), topic)
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done).as(output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
        }
    }
}
