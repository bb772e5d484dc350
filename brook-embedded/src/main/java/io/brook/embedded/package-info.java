/**
 * An in-process Brook for JVM tests.
 *
 * <p>Plain Java:
 * <pre>{@code
 * try (EmbeddedBrook brook = EmbeddedBrook.builder()
 *         .config("auto.create.topics.enable", "false")
 *         .topic("orders", 3)
 *         .build()
 *         .start()) {
 *     String bootstrap = brook.bootstrapServers();   // e.g. "127.0.0.1:41237"
 *     // point any Kafka client at it
 * }
 * }</pre>
 *
 * <p>JUnit 5, one broker per class:
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static BrookExtension brook = BrookExtension.perClass().topic("orders", 3);
 *
 *     @Test
 *     void sends(@BrookBootstrap String bootstrapServers, EmbeddedBrook broker) { ... }
 * }
 * }</pre>
 * or with the annotation {@code @WithBrook(topics = "orders:3")} on the class.
 *
 * <p>Every broker listens on an ephemeral port and owns its own temporary data directory, so
 * tests can run in parallel. {@code junit-jupiter-api} is a {@code provided} dependency: add JUnit
 * yourself to use the extension.
 */
package io.brook.embedded;
