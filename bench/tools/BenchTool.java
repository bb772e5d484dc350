import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Helper for bench/run.sh: readiness probe, topic creation timing, a microsecond-resolution
 * end-to-end latency probe, parsers for the Kafka perf tools' output, and the report.
 * Compiled once by run.sh against bench/kafka-lib/* (kafka-clients 4.3.1).
 *
 * <pre>
 * ready         BOOTSTRAP MAX_WAIT_MS          prints ARMED, polls describeCluster, prints READY epochMs
 * create-topics BOOTSTRAP PREFIX COUNT PARTS   prints ms for createTopics (all futures completed)
 * create-topic  BOOTSTRAP NAME PARTS           creates one topic, waits until every partition has a leader
 * e2e           BOOTSTRAP TOPIC N SIZE ACKS [FETCH_MAX_WAIT_MS]  µs end-to-end latency: key=value lines
 *               (fetch.max.wait.ms 0 by default, as EndToEndLatency; 500 is the consumer's default long poll)
 * fixed-rate    BOOTSTRAP TOPIC N RATE SIZE    µs produce latency at a fixed rate: key=value lines
 * parse-producer FILE | parse-consumer FILE | parse-e2e FILE   key=value lines
 * report        RESULTS_TSV                    markdown report on stdout
 * </pre>
 */
public final class BenchTool {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "ready" -> ready(rest[0], Long.parseLong(rest[1]));
            case "create-topics" -> createTopics(rest[0], rest[1], Integer.parseInt(rest[2]), Integer.parseInt(rest[3]));
            case "create-topic" -> createTopic(rest[0], rest[1], Integer.parseInt(rest[2]));
            case "e2e" -> e2e(rest[0], rest[1], Integer.parseInt(rest[2]), Integer.parseInt(rest[3]), rest[4],
                    rest.length > 5 ? Integer.parseInt(rest[5]) : 0);
            case "fixed-rate" -> fixedRate(rest[0], rest[1], Integer.parseInt(rest[2]), Integer.parseInt(rest[3]),
                    Integer.parseInt(rest[4]));
            case "parse-producer" -> parseProducer(Path.of(rest[0]));
            case "parse-consumer" -> parseConsumer(Path.of(rest[0]));
            case "parse-e2e" -> parseE2e(Path.of(rest[0]));
            case "report" -> report(Path.of(rest[0]), System.out);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: BenchTool ready|create-topics|create-topic|e2e|parse-producer|parse-consumer|parse-e2e|report ...");
        System.exit(2);
    }

    // ------------------------------------------------------------------ admin

    private static Admin admin(String bootstrap, boolean fastRetry) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "brook-bench");
        if (fastRetry) {
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "5");
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10");
            p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "5");
            p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "10");
            p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
            p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "1000");
        }
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        return Admin.create(p);
    }

    /**
     * Start-to-ready probe. Prints "ARMED" once the client is constructed (run.sh starts the
     * broker only after that, so JVM and class-loading time of this probe is not charged to the
     * broker), then "READY epochMs" at the first successful describeCluster that returns at
     * least one node. Exit 1 on timeout.
     *
     * <p>Until the port accepts a TCP connection the probe only tries plain connects (every
     * 2 ms): an Admin client that has been failing for seconds piles up internal metadata calls
     * and reconnect back-offs, which added 100-200 ms of the probe's own to every figure.
     */
    private static void ready(String bootstrap, long maxWaitMs) throws Exception {
        long deadline = System.currentTimeMillis() + maxWaitMs;
        int colon = bootstrap.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(bootstrap.substring(0, colon),
                Integer.parseInt(bootstrap.substring(colon + 1)));
        preloadClientClasses(false);
        try (Admin admin = admin(bootstrap, true)) {
            preloadClientClasses(true);
            System.out.println("ARMED");
            System.out.flush();
            while (System.currentTimeMillis() < deadline && !accepts(address)) {
                Thread.sleep(2);
            }
            while (System.currentTimeMillis() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000))
                            .nodes().get(1500, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        System.out.println("READY " + System.currentTimeMillis());
                        System.out.flush();
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // listening but not serving yet
                }
                Thread.sleep(5);
            }
        }
        System.out.println("TIMEOUT");
        System.exit(1);
    }

    /**
     * Loads and initialises the client's classes before the clock starts. Against a broker that
     * is already up, a cold probe JVM needed ~160 ms for its first describeCluster, nearly all
     * of it class loading on the probe's side; that is not the broker's start-up. Classes are
     * initialised only once an Admin exists: initialising them in jar order trips over the
     * client's static initialisation cycles.
     */
    private static void preloadClientClasses(boolean initialize) throws IOException {
        Path jar = Path.of(Admin.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && (name.startsWith("org/apache/kafka/common/")
                        || name.startsWith("org/apache/kafka/clients/admin/")
                        || name.startsWith("org/apache/kafka/clients/") && name.indexOf('/', 24) < 0)) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), initialize,
                                BenchTool.class.getClassLoader());
                    } catch (Throwable ignored) {
                        // optional dependencies (compression codecs, OAuth, ...) may be missing
                    }
                }
            }
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void createTopics(String bootstrap, String prefix, int count, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap, false)) {
            admin.describeCluster().nodes().get(); // connect + metadata outside the timed region
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                topics.add(new NewTopic(prefix + i, partitions, (short) 1));
            }
            long t0 = System.nanoTime();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            long createdNs = System.nanoTime() - t0;
            List<String> names = topics.stream().map(NewTopic::name).toList();
            awaitLeaders(admin, names, partitions);
            long leadersNs = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "create_ms=%.1f%nleaders_ms=%.1f%n", createdNs / 1e6, leadersNs / 1e6);
        }
    }

    private static void createTopic(String bootstrap, String name, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap, false)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(admin, List.of(name), partitions);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names, int partitions) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                boolean ok = d.size() == names.size();
                for (TopicDescription td : d.values()) {
                    ok &= td.partitions().size() == partitions;
                    for (TopicPartitionInfo pi : td.partitions()) {
                        ok &= pi.leader() != null && !pi.leader().isEmpty();
                    }
                }
                if (ok) {
                    return;
                }
            } catch (ExecutionException e) {
                // metadata not propagated yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("partitions of " + names + " have no leader after 60 s");
    }

    // ------------------------------------------------------------------ e2e (µs resolution)

    /**
     * Same method as Kafka's EndToEndLatency (one record in flight: send, flush, poll until it
     * arrives) but reported in microseconds, since the tool truncates its percentiles to whole
     * milliseconds. The first 10% of the records are a warm-up and are not counted.
     */
    private static void e2e(String bootstrap, String topic, int n, int size, String acks, int fetchMaxWaitMs)
            throws Exception {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, acks);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(fetchMaxWaitMs));
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        byte[] payload = new byte[size];
        new java.util.Random(42).nextBytes(payload);
        int warmup = Math.max(1, n / 10);
        long[] lat = new long[n];
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            for (int i = 0; i < warmup + n; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, payload)).get(60, TimeUnit.SECONDS);
                int got = 0;
                long deadline = System.currentTimeMillis() + 60_000;
                while (got == 0) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("record " + i + " not consumed within 60 s");
                    }
                    ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(100));
                    got = recs.count();
                }
                long dt = System.nanoTime() - t0;
                if (got != 1) {
                    throw new IllegalStateException("expected exactly one record, got " + got);
                }
                if (i >= warmup) {
                    lat[i - warmup] = dt;
                }
            }
        }
        Arrays.sort(lat);
        double sum = 0;
        for (long l : lat) {
            sum += l;
        }
        System.out.printf(Locale.ROOT, "avg_us=%.1f%np50_us=%.1f%np99_us=%.1f%np999_us=%.1f%n",
                sum / n / 1e3, pct(lat, 0.50) / 1e3, pct(lat, 0.99) / 1e3, pct(lat, 0.999) / 1e3);
    }

    /**
     * Produce latency at a fixed rate, like {@code ProducerPerformance --throughput RATE} (latency
     * from {@code send()} to its acknowledgement callback; acks=all, linger.ms=0) but in µs,
     * since the tool reports whole milliseconds. Sends are paced with parkNanos (no spinning:
     * the broker shares the machine's cores). The first 10% are a warm-up and are not counted.
     */
    private static void fixedRate(String bootstrap, String topic, int n, int rate, int size) throws Exception {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        byte[] payload = new byte[size];
        new java.util.Random(7).nextBytes(payload);
        int warmup = Math.max(1, n / 10);
        int total = warmup + n;
        long[] lat = new long[n];
        java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
        long interval = 1_000_000_000L / rate;
        long measuredStart = 0;
        long measuredEnd;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata outside the measurement
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                if (i == warmup) {
                    measuredStart = System.nanoTime();
                }
                final int idx = i;
                final long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, payload), (md, ex) -> {
                    long dt = System.nanoTime() - t0;
                    if (ex != null) {
                        errors.incrementAndGet();
                    } else if (idx >= warmup) {
                        lat[idx - warmup] = dt;
                    }
                    done.countDown();
                });
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("acknowledgements missing after 120 s: " + done.getCount());
            }
            measuredEnd = System.nanoTime();
        }
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " sends failed");
        }
        Arrays.sort(lat);
        double sum = 0;
        for (long l : lat) {
            sum += l;
        }
        System.out.printf(Locale.ROOT, "rps=%.1f%navg_us=%.1f%np50_us=%.1f%np99_us=%.1f%np999_us=%.1f%n",
                n / ((measuredEnd - measuredStart) / 1e9), sum / n / 1e3, pct(lat, 0.50) / 1e3, pct(lat, 0.99) / 1e3,
                pct(lat, 0.999) / 1e3);
    }

    private static long pct(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    // ------------------------------------------------------------------ parsers

    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile(
            "([0-9]+)( steady state)? records sent, " + NUM + " records/sec \\(" + NUM + " MB/sec\\), " + NUM + " ms avg latency, "
                    + NUM + " ms max latency, " + NUM + " ms 50th, " + NUM + " ms 95th, " + NUM + " ms 99th, "
                    + NUM + " ms 99\\.9th");

    /**
     * The final summary line of ProducerPerformance; with --warmup-records the tool prints a
     * second, "steady state" summary, which is preferred.
     */
    private static void parseProducer(Path file) throws IOException {
        Matcher last = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = PRODUCER_SUMMARY.matcher(line);
            if (m.find() && (last == null || last.group(2) == null || m.group(2) != null)) {
                last = m;
            }
        }
        if (last == null) {
            fail("no ProducerPerformance summary line in " + file);
        }
        System.out.println("records=" + last.group(1));
        System.out.println("rps=" + last.group(3));
        System.out.println("mbps=" + last.group(4));
        System.out.println("avg_ms=" + last.group(5));
        System.out.println("max_ms=" + last.group(6));
        System.out.println("p50_ms=" + last.group(7));
        System.out.println("p95_ms=" + last.group(8));
        System.out.println("p99_ms=" + last.group(9));
        System.out.println("p999_ms=" + last.group(10));
        System.out.println("steady_state=" + (last.group(2) != null));
    }

    /** ConsumerPerformance prints a CSV header line and one data line; read columns by name. */
    private static void parseConsumer(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("start.time")) {
                String[] h = lines.get(i).split(",");
                String[] v = lines.get(i + 1).split(",");
                if (h.length != v.length) {
                    fail("ConsumerPerformance header/data mismatch in " + file);
                }
                Map<String, String> col = new LinkedHashMap<>();
                for (int c = 0; c < h.length; c++) {
                    col.put(h[c].trim(), v[c].trim());
                }
                System.out.println("records=" + need(col, "data.consumed.in.nMsg"));
                System.out.println("mb=" + need(col, "data.consumed.in.MB"));
                System.out.println("rps_total=" + need(col, "nMsg.sec"));
                System.out.println("mbps_total=" + need(col, "MB.sec"));
                System.out.println("rebalance_ms=" + need(col, "rebalance.time.ms"));
                System.out.println("fetch_ms=" + need(col, "fetch.time.ms"));
                System.out.println("rps=" + need(col, "fetch.nMsg.sec"));
                System.out.println("mbps=" + need(col, "fetch.MB.sec"));
                return;
            }
        }
        fail("no ConsumerPerformance CSV in " + file);
    }

    private static String need(Map<String, String> col, String key) {
        String v = col.get(key);
        if (v == null) {
            fail("ConsumerPerformance output lacks column " + key);
        }
        return v;
    }

    private static final Pattern E2E_AVG = Pattern.compile("Avg latency: " + NUM + " ms");
    private static final Pattern E2E_PCT = Pattern.compile(
            "Percentiles: 50th = ([0-9]+), 99th = ([0-9]+), 99\\.9th = ([0-9]+)");

    private static void parseE2e(Path file) throws IOException {
        String avg = null;
        Matcher pct = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher a = E2E_AVG.matcher(line);
            if (a.find()) {
                avg = a.group(1);
            }
            Matcher p = E2E_PCT.matcher(line);
            if (p.find()) {
                pct = p;
            }
        }
        if (avg == null || pct == null) {
            fail("no EndToEndLatency summary in " + file);
        }
        System.out.println("avg_ms=" + avg);
        System.out.println("p50_ms=" + pct.group(1));
        System.out.println("p99_ms=" + pct.group(2));
        System.out.println("p999_ms=" + pct.group(3));
    }

    private static void fail(String msg) {
        System.err.println("BenchTool: " + msg);
        System.exit(1);
    }

    // ------------------------------------------------------------------ report

    private enum Better { HIGHER, LOWER }

    /** target: ratio Brook/Kafka (ratioTarget) or an absolute bound on Brook's value (absTarget). */
    private record Metric(String key, String label, Better better, String ratioTarget, String absTarget) {
        boolean met(double brook, double ratio) {
            if (ratioTarget != null) {
                double t = Double.parseDouble(ratioTarget.substring(2));
                return ratioTarget.startsWith(">=") ? ratio >= t : ratio <= t;
            }
            if (absTarget != null) {
                double t = Double.parseDouble(absTarget.substring(2));
                return absTarget.startsWith(">=") ? brook >= t : brook <= t;
            }
            return true;
        }

        String target() {
            if (ratioTarget != null) {
                return ratioTarget.replace(">=", "≥ ").replace("<=", "≤ ") + "x";
            }
            if (absTarget != null) {
                return absTarget.replace(">=", "≥ ").replace("<=", "≤ ");
            }
            return "";
        }
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("ready_ms", "start-to-ready (ms)", Better.LOWER, null, "<=500"),
            new Metric("create_topics_ms", "create 10 topics x 8 partitions (ms)", Better.LOWER, null, null),
            new Metric("create_topics_leaders_ms", "... until all 80 partitions have leaders (ms)", Better.LOWER, null, null),
            new Metric("p100_rps", "produce 100 B, acks=1, 8 part. (records/s)", Better.HIGHER, ">=1.5", null),
            new Metric("p100_mbps", "produce 100 B, acks=1, 8 part. (MB/s)", Better.HIGHER, ">=1.5", null),
            new Metric("p100_p99_ms", "produce 100 B: p99 latency at saturation (ms)", Better.LOWER, null, null),
            new Metric("p1k_rps", "produce 1 KiB, acks=all, 1 part. (records/s)", Better.HIGHER, ">=1.5", null),
            new Metric("p1k_mbps", "produce 1 KiB, acks=all, 1 part. (MB/s)", Better.HIGHER, ">=1.5", null),
            new Metric("consume_rps", "consume 100 B topic, group (records/s, fetch phase)", Better.HIGHER, ">=1.5", null),
            new Metric("consume_mbps", "consume 100 B topic, group (MB/s, fetch phase)", Better.HIGHER, ">=1.5", null),
            new Metric("consume_rps_total", "consume incl. group join (records/s)", Better.HIGHER, null, null),
            new Metric("consume_rebalance_ms", "consumer group join/rebalance (ms)", Better.LOWER, null, null),
            new Metric("e2e_avg_ms", "EndToEndLatency avg (ms)", Better.LOWER, null, null),
            new Metric("e2e_p50_ms", "EndToEndLatency p50 (ms, tool truncates to int)", Better.LOWER, null, null),
            new Metric("e2e_p99_ms", "EndToEndLatency p99 (ms, tool truncates to int)", Better.LOWER, "<=0.3", null),
            new Metric("e2e_p999_ms", "EndToEndLatency p99.9 (ms, tool truncates to int)", Better.LOWER, null, null),
            new Metric("e2eus_p50_us", "e2e probe p50 (µs)", Better.LOWER, null, null),
            new Metric("e2eus_p99_us", "e2e probe p99 (µs)", Better.LOWER, "<=0.3", null),
            new Metric("e2eus_p999_us", "e2e probe p99.9 (µs)", Better.LOWER, null, null),
            new Metric("e2elp_p50_us", "e2e probe, long-poll consumer (fetch.max.wait.ms=500): p50 (µs)", Better.LOWER, null, null),
            new Metric("e2elp_p99_us", "e2e probe, long-poll consumer: p99 (µs)", Better.LOWER, null, null),
            new Metric("e2elp_p999_us", "e2e probe, long-poll consumer: p99.9 (µs)", Better.LOWER, null, null),
            new Metric("fixed_avg_ms", "produce at 5000 rec/s: avg latency (ms)", Better.LOWER, null, null),
            new Metric("fixed_p50_ms", "produce at 5000 rec/s: p50 (ms)", Better.LOWER, null, null),
            new Metric("fixed_p99_ms", "produce at 5000 rec/s: p99 (ms, tool truncates to int)", Better.LOWER, "<=0.3", null),
            new Metric("fixed_p999_ms", "produce at 5000 rec/s: p99.9 (ms)", Better.LOWER, null, null),
            new Metric("fixedus_p50_us", "fixed-rate probe p50 (µs)", Better.LOWER, null, null),
            new Metric("fixedus_p99_us", "fixed-rate probe p99 (µs)", Better.LOWER, "<=0.3", null),
            new Metric("fixedus_p999_us", "fixed-rate probe p99.9 (µs)", Better.LOWER, null, null),
            new Metric("idle_rss_mb", "RSS idle after ready (MiB)", Better.LOWER, null, "<=64"),
            new Metric("peak_rss_mb", "peak RSS, VmHWM after workloads (MiB)", Better.LOWER, "<=0.5", null),
            new Metric("cpu_s", "broker CPU over the workload set (s)", Better.LOWER, "<=0.33", null),
            new Metric("cpu_create_s", "... of which topic creation (s)", Better.LOWER, null, null),
            new Metric("cpu_p100_s", "... of which produce 100 B (s)", Better.LOWER, null, null),
            new Metric("cpu_p1k_s", "... of which produce 1 KiB (s)", Better.LOWER, null, null),
            new Metric("cpu_consume_s", "... of which consume (s)", Better.LOWER, null, null),
            new Metric("consume_client_cpu_s", "consumer tool's own CPU during consume (s)", Better.LOWER, null, null),
            new Metric("cpu_e2e_s", "... of which both e2e latency runs (s)", Better.LOWER, null, null),
            new Metric("cpu_fixed_s", "... of which both fixed-rate runs (s)", Better.LOWER, null, null),
            new Metric("p1k_p99_ms", "produce 1 KiB: p99 latency at saturation (ms)", Better.LOWER, null, null),
            new Metric("fixed_rps", "fixed-rate run: achieved records/s", Better.HIGHER, null, null),
            new Metric("fixedus_rps", "fixed-rate probe: achieved records/s", Better.HIGHER, null, null),
            new Metric("loadavg_1m", "machine load average before start (noise indicator)", Better.LOWER, null, null),
            new Metric("shutdown_ms", "SIGTERM to exit (ms)", Better.LOWER, null, null),
            new Metric("kafka_format_ms", "Kafka only: kafka-storage format (ms, not in start-to-ready)", Better.LOWER, null, null));

    /** TSV lines: round, broker, metric, value. Medians per broker and metric, min..max, ratio. */
    private static void report(Path tsv, PrintStream out) throws IOException {
        Map<String, Map<String, List<Double>>> data = new TreeMap<>(); // metric -> broker -> values
        Set<String> brokers = new LinkedHashSet<>();
        Set<String> rounds = new LinkedHashSet<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length != 4 || line.startsWith("#")) {
                continue;
            }
            try {
                double v = Double.parseDouble(f[3]);
                data.computeIfAbsent(f[2], k -> new TreeMap<>()).computeIfAbsent(f[1], k -> new ArrayList<>()).add(v);
                brokers.add(f[1]);
                rounds.add(f[0]);
            } catch (NumberFormatException e) {
                // skip malformed values
            }
        }
        boolean both = brokers.contains("kafka") && brokers.contains("brook");
        out.println("| metric | better | Kafka median (min..max) | Brook median (min..max) | Brook/Kafka | target | met |");
        out.println("|---|---|---|---|---|---|---|");
        Set<String> seen = new LinkedHashSet<>();
        for (Metric m : METRICS) {
            seen.add(m.key());
            Map<String, List<Double>> byBroker = data.getOrDefault(m.key(), Collections.emptyMap());
            if (byBroker.isEmpty()) {
                continue;
            }
            List<Double> k = byBroker.getOrDefault("kafka", List.of());
            List<Double> b = byBroker.getOrDefault("brook", List.of());
            String ratio = "";
            String met = "";
            if (!k.isEmpty() && !b.isEmpty()) {
                double mk = median(k);
                double mb = median(b);
                double r = mk == 0 ? Double.NaN : mb / mk;
                ratio = Double.isNaN(r) ? "n/a" : fmt(r) + "x";
                if (m.ratioTarget() != null || m.absTarget() != null) {
                    met = (m.ratioTarget() != null && Double.isNaN(r)) ? "n/a" : (m.met(mb, r) ? "yes" : "**no**");
                }
            } else if (!b.isEmpty() && m.absTarget() != null) {
                met = m.met(median(b), Double.NaN) ? "yes" : "**no**";
            }
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", m.label(), m.better() == Better.HIGHER ? "higher" : "lower",
                    cell(k), cell(b), ratio, m.target(), met);
        }
        for (String key : data.keySet()) {
            if (!seen.contains(key)) {
                out.printf("| %s | | %s | %s | | | |%n", key,
                        cell(data.get(key).getOrDefault("kafka", List.of())), cell(data.get(key).getOrDefault("brook", List.of())));
            }
        }
        out.println();
        out.printf("%d round(s); brokers: %s%s%n", rounds.size(), String.join(", ", brokers),
                both ? "" : " (no ratio without both brokers)");
    }

    private static String cell(List<Double> v) {
        if (v.isEmpty()) {
            return "–";
        }
        if (v.size() == 1) {
            return fmt(v.get(0));
        }
        return fmt(median(v)) + " (" + fmt(Collections.min(v)) + ".." + fmt(Collections.max(v)) + ")";
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(double d) {
        double a = Math.abs(d);
        if (a < 1000 && d == Math.rint(d)) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
