package io.brook.tests.txn;

import static io.brook.tests.txn.TxnClients.admin;
import static io.brook.tests.txn.TxnClients.consumer;
import static io.brook.tests.txn.TxnClients.createTopic;
import static io.brook.tests.txn.TxnClients.readAll;
import static io.brook.tests.txn.TxnClients.transactionalProducer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a child-process broker between produce and commit: the transaction resolves after restart. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransactionCrashTest {
    @TempDir
    Path dir;
    Process broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    Process start(int port) throws Exception {
        return TxnBrokerProcess.start(dir, port);
    }

    @Test
    void openTransactionIsAbortedAfterKillAndRestartCommittedOneSurvives() throws Exception {
        int port = TxnBrokerProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        broker = start(port);
        String topic;
        try (Admin admin = admin(bootstrap)) {
            topic = createTopic(admin, 1);
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> committed = transactionalProducer(bootstrap, "crash-c-" + topic, 30_000)) {
            committed.initTransactions();
            committed.beginTransaction();
            committed.send(new ProducerRecord<>(topic, "k", "committed"));
            committed.commitTransaction();
        }
        KafkaProducer<String, String> open = transactionalProducer(bootstrap, "crash-o-" + topic, 3_000);
        open.initTransactions();
        open.beginTransaction();
        open.send(new ProducerRecord<>(topic, "k", "open")).get(); // acknowledged, never committed
        broker.destroyForcibly().waitFor(); // SIGKILL
        open.close(Duration.ZERO);

        broker = start(port);
        try (KafkaConsumer<String, String> rc = consumer(bootstrap, true);
             KafkaConsumer<String, String> ru = consumer(bootstrap, false)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rc.endOffsets(List.of(tp)).get(tp) < 4 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            // committed record + commit marker + open record + abort marker written by the coordinator
            assertThat(rc.endOffsets(List.of(tp)).get(tp)).isEqualTo(4L);
            assertThat(readAll(rc, List.of(tp), Duration.ofSeconds(10))).containsExactly("committed");
            assertThat(readAll(ru, List.of(tp), Duration.ofSeconds(10))).containsExactly("committed", "open");
        }
    }
}
