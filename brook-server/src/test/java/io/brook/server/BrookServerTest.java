package io.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up and shutdown behaviour of the broker process, without clients. */
class BrookServerTest {

    @TempDir
    Path dir;

    private Map<String, String> config(Path data) {
        return Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", data.toString());
    }

    @Test
    void startsOnEphemeralPortAndWritesCleanShutdownMarker() throws Exception {
        Path data = dir.resolve("data");
        try (BrookServer server = new BrookServer(config(data))) {
            server.start();
            assertThat(server.boundAddress().getPort()).isPositive();
            assertThat(server.bootstrapServers()).isEqualTo("127.0.0.1:" + server.boundAddress().getPort());
            assertThat(data.resolve("meta.properties")).exists();
            assertThat(data.resolve(".kafka_cleanshutdown")).doesNotExist();
        }
        assertThat(data.resolve(".kafka_cleanshutdown")).exists();
    }

    @Test
    void secondBrokerOnTheSameDirectoryRefusesToStart() throws Exception {
        Path data = dir.resolve("data");
        try (BrookServer first = new BrookServer(config(data))) {
            first.start();
            BrookServer second = new BrookServer(config(data));
            assertThatThrownBy(second::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another broker").hasMessageContaining(data.toString());
            second.close();
        }
    }

    @Test
    void unknownConfigurationKeyFailsNamingIt() {
        assertThatThrownBy(() -> new BrookServer(Map.of("num.partition", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("num.partition");
    }

    @Test
    void corruptSegmentNameFailsStartupNamingTheFile() throws Exception {
        Path data = dir.resolve("data");
        try (BrookServer server = new BrookServer(config(data))) {
            server.start();
            server.createTopic("orders", 1, Map.of());
        }
        Path bad = data.resolve("orders-0").resolve("not-an-offset.log");
        Files.writeString(bad, "garbage");
        BrookServer server = new BrookServer(config(data));
        assertThatThrownBy(server::start).hasMessageContaining("not-an-offset.log");
        server.close();
    }

    @Test
    void commandLineRejectsBadConfigurationWithExitCode2() {
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        java.io.PrintStream previous = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = new CommandLine(new BrookMain()).setErr(errWriter)
                    .execute("--override", "log.retention.hours=forever", "--override", "log.dirs=" + dir);
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(previous);
        }
        assertThat(captured.toString()).contains("log.retention.hours").contains("forever");
    }

    @Test
    void missingPropertiesFileIsNamed() {
        java.io.PrintStream previous = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = new CommandLine(new BrookMain()).execute(dir.resolve("nope.properties").toString());
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(previous);
        }
        assertThat(captured.toString()).contains("nope.properties").contains("does not exist");
    }

    @Test
    void environmentVariableNamesMapToKafkaKeys() {
        assertThat(BrookMain.envToKey("LOG_DIRS")).isEqualTo("log.dirs");
        assertThat(BrookMain.envToKey("AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("auto.create.topics.enable");
        assertThat(BrookMain.envToKey("SOME__UNDERSCORE___DASH")).isEqualTo("some_underscore-dash");
    }
}
