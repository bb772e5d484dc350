package io.brook.protocol.codec;

import io.brook.core.config.ConfigException;
import io.brook.core.error.BrookException;
import io.brook.storage.StorageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure from the domain into the Kafka error a client understands. */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    public static ApiException toApiException(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof BrookException brook) {
            return Errors.forCode(brook.error().code()).exception(brook.getMessage());
        }
        if (e instanceof StorageException storage) {
            return Errors.forCode((short) storage.kafkaErrorCode()).exception(storage.getMessage());
        }
        if (e instanceof ConfigException config) {
            return new InvalidConfigurationException(config.getMessage());
        }
        log.error("Unexpected error while handling a request; answering UNKNOWN_SERVER_ERROR", e);
        return new UnknownServerException("Unexpected broker error: " + e);
    }

    public static Errors toErrors(Throwable failure) {
        return Errors.forException(toApiException(failure));
    }

    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
