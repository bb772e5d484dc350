package io.brook.bench.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads run.sh's raw file ({@code RESULT <target> <mode> <metric> <value>} and
 * {@code LOAD <target> <mode> <load1>} lines) and prints a Markdown table: median (min–max) per
 * metric for Brook and EmbeddedKafka, the ratio, and whether issue 6's targets are met.
 */
public final class Summarize {

    private static final String[][] ORDER = {
        {"fresh-ready", "jvm_to_main_ms", "fresh JVM: launch → main()"},
        {"fresh-ready", "jvm_to_started_ms", "fresh JVM: launch → start() returned"},
        {"fresh-ready", "jvm_to_ready_ms", "fresh JVM: launch → describeCluster OK (ready)"},
        {"fresh-produce", "jvm_to_started_ms", "fresh JVM: launch → start() returned (produce run)"},
        {"fresh-produce", "jvm_to_first_ack_ms", "fresh JVM: launch → first acks=all produce acknowledged"},
        {"fresh-produce", "first_ack_after_started_ms", "fresh JVM: start() returned → first ack (client side)"},
        {"warm", "warm_start_ms", "warm JVM: bare start()"},
        {"warm", "warm_start_to_ready_ms", "warm JVM: start() → describeCluster OK"},
        {"warm", "warm_close_ms", "warm JVM: close()"},
        {"idle", "idle_fresh_heap_delta_mb", "idle broker, fresh JVM: heap used added (MiB, after GC)"},
        {"idle", "idle_fresh_heap_used_mb", "idle broker, fresh JVM: process heap used (MiB, after GC)"},
        {"idle", "idle_fresh_rss_mb", "idle broker, fresh JVM: process RSS (MiB)"},
        {"idle", "idle_fresh_rss_delta_mb", "idle broker, fresh JVM: RSS added (MiB)"},
        {"idle", "idle_fresh_threads_added", "idle broker, fresh JVM: threads added"},
        {"warm", "idle_warm_heap_delta_mb", "one more idle broker, warm JVM: heap added (MiB)"},
        {"warm", "idle_warm_rss_delta_mb", "one more idle broker, warm JVM: RSS added (MiB)"},
        {"warm", "idle_warm_threads_added", "one more idle broker, warm JVM: threads added"},
        {"warm", "after_close_threads_left", "threads left 0.5 s after close()"},
    };

    public static void main(String[] args) throws IOException {
        Map<String, List<Double>> values = new TreeMap<>();
        List<Double> load = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 5 && f[0].equals("RESULT")) {
                values.computeIfAbsent(f[1] + "|" + f[2] + "|" + f[3], k -> new ArrayList<>())
                        .add(Double.parseDouble(f[4]));
            } else if (f.length == 4 && f[0].equals("LOAD")) {
                load.add(Double.parseDouble(f[3]));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| metric | Brook median (min–max) | EmbeddedKafka median (min–max) | n (B/EK) | EK ÷ Brook |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (String[] row : ORDER) {
            List<Double> b = values.getOrDefault("brook|" + row[0] + "|" + row[1], List.of());
            List<Double> s = values.getOrDefault("spring|" + row[0] + "|" + row[1], List.of());
            if (b.isEmpty() && s.isEmpty()) {
                continue;
            }
            String ratio = b.isEmpty() || s.isEmpty() || median(b) == 0 ? "–"
                    : fmt("%.1f×", median(s) / median(b));
            out.append("| ").append(row[2]).append(" | ").append(cell(b)).append(" | ").append(cell(s))
                    .append(" | ").append(b.size()).append('/').append(s.size()).append(" | ").append(ratio).append(" |\n");
        }
        if (!load.isEmpty()) {
            out.append(fmt("%nLoad average (1 min) sampled before each measured JVM: median %.2f, min %.2f, max %.2f (2 cores).%n",
                    median(load), Collections.min(load), Collections.max(load)));
        }
        out.append('\n').append(target(values, "warm|warm_start_to_ready_ms", 100,
                "Start-to-ready in a running JVM ≤ 100 ms"));
        out.append(target(values, "fresh-produce|jvm_to_first_ack_ms", 500,
                "Fresh JVM to first acknowledged produce ≤ 500 ms"));
        System.out.print(out);
    }

    private static String target(Map<String, List<Double>> values, String key, double limit, String label) {
        List<Double> b = values.getOrDefault("brook|" + key, List.of());
        if (b.isEmpty()) {
            return "";
        }
        double med = median(b);
        long within = b.stream().filter(v -> v <= limit).count();
        return fmt("- %s: Brook median %.0f ms → **%s** (%d of %d runs within)%n", label, med,
                med <= limit ? "met" : "not met", within, b.size());
    }

    private static String cell(List<Double> v) {
        if (v.isEmpty()) {
            return "–";
        }
        return fmt("%s (%s–%s)", num(median(v)), num(Collections.min(v)), num(Collections.max(v)));
    }

    private static String num(double d) {
        return Math.abs(d) >= 100 ? fmt("%.0f", d) : fmt("%.1f", d);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
