package io.brook.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JUnit 5 extension that runs an {@link EmbeddedBrook} per test class or per test method.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static BrookExtension brook = BrookExtension.perClass()
 *             .config("auto.create.topics.enable", "false")
 *             .topic("orders", 3);
 *
 *     @Test
 *     void sends(@BrookBootstrap String bootstrapServers) { ... }
 *
 *     @Test
 *     void survivesRestart(EmbeddedBrook broker) { broker.restart(); ... }
 * }
 * }</pre>
 *
 * <p>Parameters of type {@link EmbeddedBrook}, and {@code String} parameters annotated with
 * {@link BrookBootstrap}, are resolved in test methods, lifecycle methods and constructors
 * (per-method brokers are not available to {@code @BeforeAll} or constructors).
 *
 * <p>Instances are immutable: {@link #config} and {@link #topic} return a new extension. The
 * running broker lives in the JUnit {@link ExtensionContext.Store} of its class or method, never
 * in a static field, so concurrent test execution is safe. It is closed, and its temporary data
 * directory deleted, in {@code afterAll} / {@code afterEach}.
 */
public final class BrookExtension implements BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final String KEY = "broker";

    private enum Scope { CLASS, METHOD }

    /** null when the settings come from a {@link WithBrook} annotation. */
    private final Settings settings;

    private record Settings(Scope scope, Map<String, String> config, List<EmbeddedBrook.TopicSpec> topics) {
        Settings {
            config = Map.copyOf(config);
            topics = List.copyOf(topics);
        }

        EmbeddedBrook newBroker() {
            EmbeddedBrook.Builder b = EmbeddedBrook.builder().config(new LinkedHashMap<>(config));
            for (EmbeddedBrook.TopicSpec t : topics) {
                b.topic(t.name(), t.partitions(), t.configs());
            }
            return b.build();
        }
    }

    /** Used by {@link WithBrook}; reads its settings from the annotation. */
    public BrookExtension() {
        this.settings = null;
    }

    private BrookExtension(Settings settings) {
        this.settings = settings;
    }

    /** One broker shared by all tests of the class; started before {@code @BeforeAll} methods. */
    public static BrookExtension perClass() {
        return new BrookExtension(new Settings(Scope.CLASS, Map.of(), List.of()));
    }

    /** A fresh broker (and data directory) for every test method. */
    public static BrookExtension perMethod() {
        return new BrookExtension(new Settings(Scope.METHOD, Map.of(), List.of()));
    }

    /** A copy that sets a broker configuration key. */
    public BrookExtension config(String key, String value) {
        Settings s = explicitSettings();
        Map<String, String> c = new LinkedHashMap<>(s.config());
        c.put(key, value);
        return new BrookExtension(new Settings(s.scope(), c, s.topics()));
    }

    /** A copy that also creates this topic at start. */
    public BrookExtension topic(String name, int partitions) {
        return topic(name, partitions, Map.of());
    }

    /** A copy that also creates this topic, with topic-level configuration, at start. */
    public BrookExtension topic(String name, int partitions, Map<String, String> configs) {
        Settings s = explicitSettings();
        List<EmbeddedBrook.TopicSpec> t = new ArrayList<>(s.topics());
        t.add(new EmbeddedBrook.TopicSpec(name, partitions, configs));
        return new BrookExtension(new Settings(s.scope(), s.config(), t));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).scope() == Scope.CLASS) {
            startInto(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Settings s = settings(context);
        if (s.scope() == Scope.METHOD) {
            startInto(context);
        } else if (find(context).isEmpty()) {
            // per-class extension registered on an instance field: beforeAll was not called.
            // The class-level store closes it (Handle is a CloseableResource) when the class ends.
            ExtensionContext classContext = context.getParent().orElse(context);
            classContext.getStore(namespace()).getOrComputeIfAbsent(KEY,
                    k -> new Handle(s.newBroker().start()), Handle.class);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (settings(context).scope() == Scope.METHOD) {
            stopFrom(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFrom(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        return p.getType() == EmbeddedBrook.class
                || (p.getType() == String.class && pc.isAnnotated(BrookBootstrap.class));
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        EmbeddedBrook broker = find(ec).orElseThrow(() -> new ParameterResolutionException(
                "No embedded Brook is running for " + pc.getDeclaringExecutable()
                        + " (a per-method broker is not available to @BeforeAll methods or constructors)"));
        return pc.getParameter().getType() == EmbeddedBrook.class ? broker : broker.bootstrapServers();
    }

    private void startInto(ExtensionContext context) {
        EmbeddedBrook broker = settings(context).newBroker();
        try {
            broker.start();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        context.getStore(namespace()).put(KEY, new Handle(broker));
    }

    private void stopFrom(ExtensionContext context) {
        Handle h = context.getStore(namespace()).remove(KEY, Handle.class);
        if (h != null) {
            h.close();
        }
    }

    private Optional<EmbeddedBrook> find(ExtensionContext context) {
        // Store.get searches the parent contexts too, so a method sees its class's broker.
        Handle h = context.getStore(namespace()).get(KEY, Handle.class);
        return Optional.ofNullable(h).map(Handle::broker);
    }

    private ExtensionContext.Namespace namespace() {
        return ExtensionContext.Namespace.create(BrookExtension.class, this);
    }

    private Settings explicitSettings() {
        if (settings == null) {
            throw new IllegalStateException("configure @WithBrook through its attributes");
        }
        return settings;
    }

    private Settings settings(ExtensionContext context) {
        if (settings != null) {
            return settings;
        }
        WithBrook a = findAnnotation(context).orElseThrow(() -> new IllegalStateException(
                "BrookExtension registered without settings: use BrookExtension.perClass()/perMethod() "
                        + "or annotate the class with @WithBrook"));
        Map<String, String> config = new LinkedHashMap<>();
        for (String kv : a.config()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@WithBrook config must be key=value: " + kv);
            }
            config.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        List<EmbeddedBrook.TopicSpec> topics = new ArrayList<>();
        for (String t : a.topics()) {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                topics.add(new EmbeddedBrook.TopicSpec(t.trim(), 1, Map.of()));
            } else {
                topics.add(new EmbeddedBrook.TopicSpec(t.substring(0, colon).trim(),
                        Integer.parseInt(t.substring(colon + 1).trim()), Map.of()));
            }
        }
        return new Settings(a.perMethod() ? Scope.METHOD : Scope.CLASS, config, topics);
    }

    private static Optional<WithBrook> findAnnotation(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Class<?>> type = c.get().getTestClass();
            if (type.isPresent()) {
                for (Class<?> k = type.get(); k != null; k = k.getEnclosingClass()) {
                    Optional<WithBrook> a = AnnotationSupport.findAnnotation(k, WithBrook.class);
                    if (a.isPresent()) {
                        return a;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Holds a broker in a JUnit store; closed at most once. */
    @SuppressWarnings("deprecation")
    private static final class Handle implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedBrook broker;
        private boolean closed;

        Handle(EmbeddedBrook broker) {
            this.broker = broker;
        }

        EmbeddedBrook broker() {
            return broker;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                broker.close();
            }
        }
    }
}
