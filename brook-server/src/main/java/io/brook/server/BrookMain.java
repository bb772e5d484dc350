package io.brook.server;

import io.brook.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code brook-server [server.properties] [--override key=value ...]}: runs a broker in the
 * foreground until SIGTERM or Ctrl-C, then shuts it down cleanly.
 *
 * <p>Configuration is layered: the properties file, then environment variables
 * ({@code BROOK_LOG_DIRS=/data} sets {@code log.dirs}; as in Kafka's images, {@code __} stands for
 * {@code _} and {@code ___} for {@code -}), then {@code --override}.
 *
 * <p>The command line is parsed by hand: a CLI library cost about a third of the broker's
 * start-up time (reflection over annotations before the first log line).
 */
public final class BrookMain {

    /** Environment variables read by bin/brook-server and logging, not configuration keys. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of(
            "BROOK_HOME", "BROOK_HEAP_OPTS", "BROOK_GC_OPTS", "BROOK_JIT_OPTS", "BROOK_OPTS", "BROOK_LOG_LEVEL",
            "BROOK_LOG_CONFIG");

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: brook-server [-hV] [--override key=value]... [server.properties]",
            "Runs a Brook broker (Kafka-compatible) in the foreground.",
            "      [server.properties]      Kafka-style configuration file.",
            "      --override key=value     Sets one configuration key (repeatable).",
            "  -h, --help                   Show this help message and exit.",
            "  -V, --version                Print version information and exit.");

    private Path propertiesFile;
    private final List<String> overrides = new ArrayList<>();
    private boolean warmUp;

    public static void main(String[] args) {
        // Netty's leak detector samples one buffer in 128 and records a stack trace for it: about
        // 1% of the broker's CPU under load. Tests and embedded brokers keep it on; the server
        // turns it off unless -Dio.netty.leakDetection.level asks for it.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        if (ConsoleLogging.logbackPresent()) {
            ConsoleLogging.configureIfDefault();
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the process exit code (0 ok, 1 could not start, 2 bad usage or configuration). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        BrookMain command = new BrookMain();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "-V", "--version" -> {
                    out.println("Brook " + BrookServer.version());
                    return 0;
                }
                case "--warm-up" -> command.warmUp = true;
                case "--override" -> {
                    if (i + 1 == args.length) {
                        return usageError(err, "--override needs a key=value");
                    }
                    command.overrides.add(args[++i]);
                }
                default -> {
                    if (arg.startsWith("--override=")) {
                        command.overrides.add(arg.substring("--override=".length()));
                    } else if (arg.startsWith("-") && arg.length() > 1) {
                        return usageError(err, "unknown option '" + arg + "'");
                    } else if (command.propertiesFile != null) {
                        return usageError(err, "only one configuration file may be given, got '"
                                + command.propertiesFile + "' and '" + arg + "'");
                    } else {
                        command.propertiesFile = Path.of(arg);
                    }
                }
            }
        }
        return command.call(out, err);
    }

    private static int usageError(PrintStream err, String problem) {
        err.println("brook-server: " + problem);
        err.println(USAGE);
        return 2;
    }

    private int call(PrintStream out, PrintStream err) {
        if (warmUp) {
            return warmUp(err);
        }
        Map<String, String> properties;
        try {
            properties = configuration();
        } catch (IOException | IllegalArgumentException e) {
            err.println("brook-server: " + e.getMessage());
            return 2;
        }
        BrookServer server;
        try {
            server = new BrookServer(properties);
        } catch (ConfigException e) {
            err.println("brook-server: invalid configuration: " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (ConfigException e) {
            err.println("brook-server: invalid configuration: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("brook-server: could not start: " + e.getMessage());
            return 1;
        }
        out.println("Brook " + BrookServer.version() + " listening on " + server.boundAddress()
                + " (bootstrap.servers=" + server.bootstrapServers() + "), data in "
                + server.dataDir().toAbsolutePath() + ". Ctrl-C stops it.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "brook-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Runs start-up once on a loopback port and a temporary directory, drives the request paths
     * from a client in a separate JVM (see {@link io.brook.protocol.WarmUp}), then cleans up.
     */
    private static int warmUp(PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("brook-warm-up");
            try (BrookServer server = new BrookServer(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", dir.toString()))) {
                server.start();
                server.createTopic("warm-up", 1, Map.of());
                Process client = new ProcessBuilder(javaLauncher(), "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), io.brook.protocol.WarmUp.class.getName(),
                        server.bootstrapServers(), "warm-up")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                if (!client.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                    client.destroyForcibly();
                    throw new IOException("the warm-up client did not finish within 2 minutes");
                }
                if (client.exitValue() != 0) {
                    throw new IOException("the warm-up client exited with " + client.exitValue());
                }
            }
            return 0;
        } catch (Exception e) {
            err.println("brook-server: warm-up failed: " + e.getMessage());
            return 1;
        } finally {
            if (dir != null) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    private static String javaLauncher() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private Map<String, String> configuration() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        if (propertiesFile != null) {
            if (!Files.isRegularFile(propertiesFile)) {
                throw new IOException("configuration file " + propertiesFile.toAbsolutePath() + " does not exist");
            }
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(k -> properties.put(k, file.getProperty(k).trim()));
        }
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("BROOK_") && !LAUNCHER_VARIABLES.contains(name)) {
                properties.put(envToKey(name.substring("BROOK_".length())), value);
            }
        });
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--override takes key=value, got '" + override + "'");
            }
            properties.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return properties;
    }

    static String envToKey(String env) {
        return env.toLowerCase().replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
