package io.brook.bench.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One measurement in one JVM. {@code java ... Bench <target-class> <mode>}; prints lines
 * {@code RESULT <target> <mode> <metric> <value>} for run.sh to collect.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code fresh-ready}: JVM start to a successful Admin describeCluster.</li>
 *   <li>{@code fresh-produce}: JVM start to the first acks=all send().get() (no Admin call before).</li>
 *   <li>{@code idle}: heap/RSS/threads of an idle broker in an otherwise fresh JVM.</li>
 *   <li>{@code warm}: after warm-up cycles in this JVM: start(), start to ready, close(), and the
 *       heap/RSS/threads one more broker adds.</li>
 * </ul>
 * JVM start is the launcher's timestamp {@code -Dbench.t0} (epoch ns, taken right before
 * {@code exec java}). ProcessHandle's start instant is not used: on Linux it is derived from the
 * boot time in /proc/stat, whole seconds, and was a constant ~0.5 s off on this machine.
 */
public final class Bench {

    public static final String TOPIC = "bench";

    private static final long T0_NANOS = Long.getLong("bench.t0", -1L);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 10);

    private final String target;
    private final String mode;
    private final Class<? extends BrokerUnderTest> impl;

    private Bench(String targetClass, String mode) throws ClassNotFoundException {
        this.impl = Class.forName(targetClass).asSubclass(BrokerUnderTest.class);
        this.target = impl.getSimpleName().replace("Target", "").toLowerCase(Locale.ROOT);
        this.mode = mode;
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = epochNanos();
        if (args.length != 2) {
            System.err.println("usage: Bench <target-class> <fresh-ready|fresh-produce|idle|warm>");
            System.exit(2);
        }
        Bench b = new Bench(args[0], args[1]);
        int rc = 0;
        try {
            switch (b.mode) {
                case "fresh-ready" -> b.freshReady(mainNanos);
                case "fresh-produce" -> b.freshProduce(mainNanos);
                case "idle" -> b.idle();
                case "warm" -> b.warm();
                default -> throw new IllegalArgumentException("unknown mode " + b.mode);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.out.flush();
        if (Boolean.getBoolean("bench.systemExit")) {
            System.exit(rc); // runs VM exit hooks, e.g. -XX:ArchiveClassesAtExit
        }
        // Some brokers leave non-daemon threads behind; the measurement is over either way.
        Runtime.getRuntime().halt(rc);
    }

    // ---- fresh JVM ----------------------------------------------------------------------------

    private void freshReady(long mainNanos) throws Exception {
        long t0 = requireT0();
        BrokerUnderTest broker = newBroker();
        broker.start();
        long started = epochNanos();
        describeCluster(broker.bootstrapServers());
        long ready = epochNanos();
        result("jvm_to_main_ms", ms(mainNanos - t0));
        result("jvm_to_started_ms", ms(started - t0));
        result("jvm_to_ready_ms", ms(ready - t0));
        broker.close();
    }

    private void freshProduce(long mainNanos) throws Exception {
        long t0 = requireT0();
        preload();
        if (Boolean.getBoolean("bench.phases")) {
            // Profiling only: initialise SLF4J (and so Logback's configuration) before the broker,
            // to split its cost from the broker's start.
            Class.forName("org.slf4j.LoggerFactory").getMethod("getLogger", String.class).invoke(null, "bench");
            result("jvm_to_logging_ready_ms", ms(epochNanos() - t0));
        }
        BrokerUnderTest broker = newBroker();
        broker.start();
        long started = epochNanos();
        long acked;
        try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            result("jvm_to_producer_created_ms", ms(epochNanos() - t0));
            RecordMetadata md = producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS);
            acked = epochNanos();
            if (md.offset() != 0) {
                throw new IllegalStateException("first record at offset " + md.offset());
            }
        }
        result("jvm_to_main_ms", ms(mainNanos - t0));
        result("jvm_to_started_ms", ms(started - t0));
        result("jvm_to_first_ack_ms", ms(acked - t0));
        result("first_ack_after_started_ms", ms(acked - started));
        broker.close();
    }

    private void idle() throws Exception {
        Footprint before = Footprint.measure();
        BrokerUnderTest broker = newBroker();
        broker.start();
        Thread.sleep(1000); // idle: let start-up work and timers settle
        Footprint after = Footprint.measure();
        result("idle_fresh_heap_used_mb", mb(after.heapUsed));
        result("idle_fresh_heap_delta_mb", mb(after.heapUsed - before.heapUsed));
        result("idle_fresh_rss_mb", mb(after.rss));
        result("idle_fresh_rss_delta_mb", mb(after.rss - before.rss));
        result("idle_fresh_threads_added", after.threads - before.threads);
        broker.close();
    }

    // ---- warm JVM -----------------------------------------------------------------------------

    private void warm() throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            BrokerUnderTest broker = newBroker();
            broker.start();
            describeCluster(broker.bootstrapServers());
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS);
            }
            broker.close();
        }
        for (int i = 0; i < ITERATIONS; i++) {
            BrokerUnderTest broker = newBroker();
            long s = System.nanoTime();
            broker.start();
            long started = System.nanoTime();
            describeCluster(broker.bootstrapServers());
            long ready = System.nanoTime();
            broker.close();
            long closed = System.nanoTime();
            result("warm_start_ms", ms(started - s));
            result("warm_start_to_ready_ms", ms(ready - s));
            result("warm_close_ms", ms(closed - ready));
        }
        // Footprint of one more idle broker in a JVM that has run brokers before.
        Footprint before = Footprint.measure();
        BrokerUnderTest broker = newBroker();
        broker.start();
        Thread.sleep(1000);
        Footprint after = Footprint.measure();
        result("idle_warm_heap_delta_mb", mb(after.heapUsed - before.heapUsed));
        result("idle_warm_rss_delta_mb", mb(after.rss - before.rss));
        result("idle_warm_threads_added", after.threads - before.threads);
        broker.close();
        Thread.sleep(500);
        Footprint closed = Footprint.measure();
        result("after_close_threads_left", closed.threads - before.threads);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * Profiling only ({@code -Dbench.preload=a.B,c.D}): initialises these classes on a background
     * thread, as a broker could at the top of start(), to measure what overlapping their loading
     * with the rest of start-up would gain on this machine.
     */
    private static void preload() {
        String names = System.getProperty("bench.preload", "");
        if (names.isBlank()) {
            return;
        }
        Thread t = new Thread(() -> {
            for (String name : names.split(",")) {
                try {
                    Class.forName(name.trim(), true, Bench.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    System.err.println("preload " + name + ": " + e);
                }
            }
        }, "bench-preload");
        t.setDaemon(true);
        t.start();
    }

    private BrokerUnderTest newBroker() throws ReflectiveOperationException {
        return impl.getDeclaredConstructor().newInstance();
    }

    /** Ready = the broker answers an Admin describeCluster with at least one node. */
    static void describeCluster(String bootstrap) throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(p)) {
            if (admin.describeCluster().nodes().get().isEmpty()) {
                throw new IllegalStateException("describeCluster returned no nodes");
            }
            admin.close(Duration.ZERO);
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private long requireT0() {
        if (T0_NANOS < 0) {
            throw new IllegalStateException("-Dbench.t0=<epoch ns before exec java> is required");
        }
        return T0_NANOS;
    }

    private void result(String metric, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %s %s %.3f%n", target, mode, metric, value);
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Heap used after full GCs, resident set size, live threads. */
    record Footprint(long heapUsed, long rss, int threads) {
        static Footprint measure() throws InterruptedException {
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(50);
                used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
            }
            return new Footprint(used, readRss(), ManagementFactory.getThreadMXBean().getThreadCount());
        }

        static long readRss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        String kb = line.substring(6).trim().split("\\s+")[0];
                        return Long.parseLong(kb) * 1024L;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return -1;
        }
    }

}
