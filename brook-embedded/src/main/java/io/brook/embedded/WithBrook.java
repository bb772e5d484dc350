package io.brook.embedded;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an embedded Brook for a JUnit 5 test class. Test, lifecycle methods and constructors can
 * receive {@code @BrookBootstrap String bootstrapServers} and/or the {@link EmbeddedBrook}.
 *
 * <pre>{@code
 * @WithBrook(topics = {"orders:3", "audit"}, config = {"num.partitions=2"})
 * class OrdersTest {
 *     @Test
 *     void sendsOrders(@BrookBootstrap String bootstrapServers) { ... }
 * }
 * }</pre>
 *
 * <p>Equivalent to registering {@link BrookExtension#perClass()} (or
 * {@link BrookExtension#perMethod()} with {@link #perMethod()}). Do not combine it with a
 * registered {@code BrookExtension} in the same class: both would offer the same parameters.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrookExtension.class)
public @interface WithBrook {

    /** A fresh broker for every test method instead of one for the whole class. */
    boolean perMethod() default false;

    /** Broker configuration as {@code key=value}. */
    String[] config() default {};

    /** Topics to create at start, as {@code name} (one partition) or {@code name:partitions}. */
    String[] topics() default {};
}
