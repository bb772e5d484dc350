package io.brook.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs fixture test classes through the JUnit engine and checks what the extension gave them. */
class BrookExtensionTest {

    private static final String FIXTURE_KEY = "brook.extension.fixture";

    /** What a fixture test observed: who, which bootstrap, which data directory. */
    record Seen(String who, String bootstrap, Path dataDir) {
    }

    static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private static EngineExecutionResults run(Map<String, String> params, Class<?>... fixtures) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURE_KEY, "true");
        params.forEach(kit::configurationParameter);
        for (Class<?> c : fixtures) {
            kit.selectors(selectClass(c));
        }
        return kit.execute();
    }

    private static void assertAllSucceeded(EngineExecutionResults r, int tests) {
        r.testEvents().assertStatistics(s -> s.started(tests).succeeded(tests).failed(0).aborted(0));
        r.containerEvents().assertStatistics(s -> s.failed(0));
    }

    private static List<Seen> seen(String prefix) {
        return SEEN.stream().filter(s -> s.who().startsWith(prefix)).toList();
    }

    @Test
    void perClassSharesOneBrokerAndCleansUp() {
        assertAllSucceeded(run(Map.of(), PerClassFixture.class), 2);
        List<Seen> seen = seen("perClass");
        assertThat(seen).hasSize(3);
        assertThat(seen).extracting(Seen::bootstrap).containsOnly(seen.get(0).bootstrap());
        assertThat(seen.get(0).dataDir()).doesNotExist();
    }

    @Test
    void perMethodGivesEachTestItsOwnBroker() {
        assertAllSucceeded(run(Map.of(), PerMethodFixture.class), 3);
        List<Seen> seen = seen("perMethod");
        assertThat(seen).hasSize(3);
        assertThat(seen).extracting(Seen::dataDir).doesNotHaveDuplicates().allSatisfy(d -> assertThat(d).doesNotExist());
    }

    @Test
    void withBrookAnnotationCreatesTopicsAndInjects() {
        assertAllSucceeded(run(Map.of(), AnnotatedFixture.class), 1);
        assertThat(seen("annotated")).hasSize(1);
        assertThat(seen("annotated").get(0).dataDir()).doesNotExist();
    }

    @Test
    void safeUnderParallelExecution() {
        Map<String, String> parallel = Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        assertAllSucceeded(run(parallel, PerClassFixture.class, PerMethodFixture.class, AnnotatedFixture.class), 6);
        assertThat(SEEN).hasSize(7);
        assertThat(seen("perMethod")).extracting(Seen::dataDir).doesNotHaveDuplicates();
        assertThat(SEEN).extracting(Seen::dataDir).allSatisfy(d -> assertThat(d).doesNotExist());
    }

    // ---------------------------------------------------------------- fixtures

    /** Fixtures run only inside {@link EngineTestKit}, never directly by Surefire. */
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(OnlyAsFixture.class)
    @interface Fixture {
    }

    static final class OnlyAsFixture implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURE_KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("fixture run")
                    : ConditionEvaluationResult.disabled("fixture for BrookExtensionTest");
        }
    }

    @Fixture
    static class PerClassFixture {
        @RegisterExtension
        static final BrookExtension brook = BrookExtension.perClass().config("num.partitions", "2").topic("t", 2);

        @BeforeAll
        static void beforeAll(@BrookBootstrap String bootstrap, EmbeddedBrook broker) {
            SEEN.add(new Seen("perClass.beforeAll", bootstrap, broker.dataDir()));
        }

        @Test
        void one(@BrookBootstrap String bootstrap, EmbeddedBrook broker) {
            SEEN.add(new Seen("perClass.one", bootstrap, broker.dataDir()));
        }

        @Test
        void two(EmbeddedBrook broker) {
            SEEN.add(new Seen("perClass.two", broker.bootstrapServers(), broker.dataDir()));
        }
    }

    @Fixture
    static class PerMethodFixture {
        @RegisterExtension
        final BrookExtension brook = BrookExtension.perMethod();

        @Test
        void one(@BrookBootstrap String bootstrap, EmbeddedBrook broker) {
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            SEEN.add(new Seen("perMethod.one", bootstrap, broker.dataDir()));
        }

        @Test
        void two(@BrookBootstrap String bootstrap, EmbeddedBrook broker) {
            SEEN.add(new Seen("perMethod.two", bootstrap, broker.dataDir()));
        }

        @Test
        void three(@BrookBootstrap String bootstrap, EmbeddedBrook broker) {
            SEEN.add(new Seen("perMethod.three", bootstrap, broker.dataDir()));
        }
    }

    @Fixture
    @WithBrook(topics = {"orders:3", "audit"}, config = "auto.create.topics.enable=false")
    static class AnnotatedFixture {
        @Test
        void topicsExist(@BrookBootstrap String bootstrap, EmbeddedBrook broker) throws Exception {
            assertThat(broker.config()).containsEntry("auto.create.topics.enable", "false");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("orders", "audit"))
                        .allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.get("orders").partitions()).hasSize(3);
                assertThat(topics.get("audit").partitions()).hasSize(1);
            }
            SEEN.add(new Seen("annotated", bootstrap, broker.dataDir()));
        }
    }
}
