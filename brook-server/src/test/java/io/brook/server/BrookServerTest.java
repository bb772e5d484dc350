package io.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookMain.run(new String[] {"--override", "log.retention.hours=forever", "--override", "log.dirs=" + dir},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("log.retention.hours").contains("forever");
    }

    @Test
    void missingPropertiesFileIsNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookMain.run(new String[] {dir.resolve("nope.properties").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nope.properties").contains("does not exist");
    }

    @Test
    void commandLineUsageErrorsExitWith2AndShowUsage() {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"--override"},
                new String[] {"a.properties", "b.properties"}, new String[] {"--override", "novalue"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = BrookMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).startsWith("brook-server: ");
        }
    }

    @Test
    void warmUpDrivesAThrowawayBrokerFromAClientProcessAndExits0() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BrookMain.run(new String[] {"--warm-up"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void helpAndVersionPrintAndExit0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(BrookMain.run(new String[] {"--help"}, new PrintStream(out, true), System.err)).isZero();
        assertThat(out.toString()).contains("Usage: brook-server").contains("--override key=value");
        out.reset();
        assertThat(BrookMain.run(new String[] {"-V"}, new PrintStream(out, true), System.err)).isZero();
        assertThat(out.toString()).startsWith("Brook ");
    }

    @Test
    void environmentVariableNamesMapToKafkaKeys() {
        assertThat(BrookMain.envToKey("LOG_DIRS")).isEqualTo("log.dirs");
        assertThat(BrookMain.envToKey("AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("auto.create.topics.enable");
        assertThat(BrookMain.envToKey("SOME__UNDERSCORE___DASH")).isEqualTo("some_underscore-dash");
    }
}
