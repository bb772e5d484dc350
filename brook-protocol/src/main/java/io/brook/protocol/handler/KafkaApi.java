package io.brook.protocol.handler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a handler class, the Kafka API it serves and the version range it implements.
 * ApiVersions advertises exactly these ranges.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KafkaApi {

    ApiKey value();

    short min();

    short max();
}
