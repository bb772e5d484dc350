package io.brook.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a test, lifecycle method or constructor that receives the
 * {@code bootstrap.servers} value of the broker provided by {@link BrookExtension} or
 * {@link WithBrook}.
 *
 * <pre>{@code
 * @Test
 * void produces(@BrookBootstrap String bootstrapServers) { ... }
 * }</pre>
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface BrookBootstrap {
}
