package io.brook.server;

import io.brook.core.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brook-server [server.properties] [--override key=value ...]}: runs a broker in the
 * foreground until SIGTERM or Ctrl-C, then shuts it down cleanly.
 *
 * <p>Configuration is layered: the properties file, then environment variables
 * ({@code BROOK_LOG_DIRS=/data} sets {@code log.dirs}; as in Kafka's images, {@code __} stands for
 * {@code _} and {@code ___} for {@code -}), then {@code --override}.
 */
@Command(name = "brook-server", mixinStandardHelpOptions = true, versionProvider = BrookMain.Version.class,
        description = "Runs a Brook broker (Kafka-compatible) in the foreground.")
public final class BrookMain implements java.util.concurrent.Callable<Integer> {

    /** Environment variables read by bin/brook-server and logging, not configuration keys. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of(
            "BROOK_HOME", "BROOK_HEAP_OPTS", "BROOK_OPTS", "BROOK_LOG_LEVEL");

    @Parameters(arity = "0..1", paramLabel = "server.properties", description = "Kafka-style configuration file.")
    private Path propertiesFile;

    @Option(names = "--override", paramLabel = "key=value", description = "Sets one configuration key.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--warm-up", hidden = true,
            description = "Starts and stops a throwaway broker, so bin/brook-server can record a class-data archive.")
    private boolean warmUp;

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Brook " + BrookServer.version()};
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BrookMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (warmUp) {
            return warmUp();
        }
        Map<String, String> properties;
        try {
            properties = configuration();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("brook-server: " + e.getMessage());
            return 2;
        }
        BrookServer server;
        try {
            server = new BrookServer(properties);
        } catch (ConfigException e) {
            System.err.println("brook-server: invalid configuration: " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (ConfigException e) {
            System.err.println("brook-server: invalid configuration: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("brook-server: could not start: " + e.getMessage());
            return 1;
        }
        System.out.println("Brook " + BrookServer.version() + " listening on " + server.boundAddress()
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

    /** Runs start-up once on a loopback port and a temporary directory, then cleans up. */
    private static int warmUp() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("brook-warm-up");
            try (BrookServer server = new BrookServer(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", dir.toString()))) {
                server.start();
                server.createTopic("warm-up", 1, Map.of());
                io.brook.protocol.WarmUp.exercise(server.bootstrapServers(), "warm-up");
            }
            return 0;
        } catch (Exception e) {
            System.err.println("brook-server: warm-up failed: " + e.getMessage());
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
