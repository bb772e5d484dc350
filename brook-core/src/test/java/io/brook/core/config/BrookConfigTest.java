package io.brook.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrookConfigTest {

    @Test
    void defaultsAreKafkas() {
        BrookConfig config = BrookConfig.parse(Map.of());
        assertThat(config.listeners()).containsExactly(new Listener("PLAINTEXT", "", 9092));
        assertThat(config.advertisedListeners()).containsExactly(new Listener("PLAINTEXT", "localhost", 9092));
        assertThat(config.logDirs()).containsExactly(Path.of("./data"));
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.value("log.retention.ms")).isEqualTo(String.valueOf(168L * 3_600_000));
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104857600);
    }

    @Test
    void unknownKeyFailsNamingIt() {
        assertThatThrownBy(() -> BrookConfig.parse(Map.of("log.retention.hourz", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.retention.hourz")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("log.retention.hourz");
    }

    @Test
    void invalidValueFailsNamingKeyAndValue() {
        assertThatThrownBy(() -> BrookConfig.parse(Map.of("num.partitions", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("num.partitions").hasMessageContaining("many");
        assertThatThrownBy(() -> BrookConfig.parse(Map.of("num.partitions", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BrookConfig.parse(Map.of("listeners", "localhost:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners");
        assertThatThrownBy(() -> BrookConfig.parse(Map.of("auto.create.topics.enable", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.create.topics.enable");
    }

    @Test
    void kafkaKeysBrookDoesNotUseAreAccepted() {
        BrookConfig config = BrookConfig.parse(Map.of("process.roles", "broker,controller",
                "controller.quorum.voters", "1@localhost:9093", "ssl.keystore.location", "/x"));
        assertThat(config.nodeId()).isEqualTo(1);
    }

    @Test
    void retentionPrecedenceIsMsThenMinutesThenHours() {
        assertThat(BrookConfig.parse(Map.of("log.retention.hours", "1")).value("log.retention.ms"))
                .isEqualTo("3600000");
        assertThat(BrookConfig.parse(Map.of("log.retention.hours", "1", "log.retention.minutes", "2"))
                .value("log.retention.ms")).isEqualTo("120000");
        assertThat(BrookConfig.parse(Map.of("log.retention.minutes", "2", "log.retention.ms", "5"))
                .value("log.retention.ms")).isEqualTo("5");
        assertThat(BrookConfig.parse(Map.of("log.retention.hours", "-1")).value("log.retention.ms"))
                .isEqualTo("-1");
    }

    @Test
    void advertisedListenerDefaultsToTheBoundHost() {
        BrookConfig config = BrookConfig.parse(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"));
        assertThat(config.advertisedListeners()).containsExactly(new Listener("PLAINTEXT", "127.0.0.1", 0));
        assertThat(BrookConfig.parse(Map.of("advertised.listeners", "PLAINTEXT://broker1:19092"))
                .advertisedListeners()).isEqualTo(List.of(new Listener("PLAINTEXT", "broker1", 19092)));
    }

    @Test
    void topicConfigFallsBackToBrokerSynonymThenDefault() {
        BrookConfig config = BrookConfig.parse(Map.of("log.retention.hours", "2", "message.max.bytes", "5000"));
        TopicConfigResolver resolver = new TopicConfigResolver(config);
        Map<String, ConfigValue> values = resolver.resolve(Map.of("log.segment.bytes", "1048576"),
                Map.of("max.message.bytes", "100"));
        assertThat(values.get("retention.ms").value()).isEqualTo("7200000");
        // Kafka quirk kept on purpose: a value inherited only through log.retention.hours reports
        // DEFAULT_CONFIG, because Kafka drops synonyms until the first one named log.retention.ms.
        assertThat(values.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(values.get("max.message.bytes").value()).isEqualTo("100");
        assertThat(values.get("max.message.bytes").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(values.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(values.get("segment.bytes").source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(values.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(values.get("cleanup.policy").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void topicConfigValidation() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.mss", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.mss");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("cleanup.policy", "shred")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cleanup.policy");
        TopicConfigs.validate(Map.of("cleanup.policy", "compact,delete", "message.timestamp.type", "LogAppendTime"));
    }
}
