package io.brook.protocol.api.config;

import io.brook.core.error.BrookException;
import io.brook.protocol.codec.ErrorMapping;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/** What AlterConfigs and IncrementalAlterConfigs share: Kafka's request-shape checks and error mapping. */
final class ConfigAlterations {

    private ConfigAlterations() {
    }

    /** A resource named twice in one request: both get INVALID_REQUEST, as in Kafka. */
    static Set<Integer> duplicateResources(List<Map.Entry<Byte, String>> resources) {
        Map<Map.Entry<Byte, String>, Integer> first = new HashMap<>();
        Set<Integer> duplicates = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            Integer previous = first.putIfAbsent(resources.get(i), i);
            if (previous != null) {
                duplicates.add(previous);
                duplicates.add(i);
            }
        }
        return duplicates;
    }

    static boolean hasDuplicateKeys(List<String> keys) {
        return new HashSet<>(keys).size() != keys.size();
    }

    static ApiError duplicateResourceError() {
        return new ApiError(Errors.INVALID_REQUEST, "Each resource must appear at most once.");
    }

    static ApiError duplicateKeysError() {
        return new ApiError(Errors.INVALID_REQUEST, "Error due to duplicate config keys");
    }

    static ApiError nullValuesError(List<String> names) {
        return new ApiError(Errors.INVALID_REQUEST, "Null value not supported for : " + String.join(", ", names));
    }

    static ApiError unknownResourceType(byte type) {
        return new ApiError(Errors.INVALID_REQUEST, "Unknown resource type " + type);
    }

    static ApiError toError(Exception e) {
        if (e instanceof BrookException brook) {
            return new ApiError(Errors.forCode(brook.error().code()), brook.getMessage());
        }
        ApiException api = ErrorMapping.toApiException(e);
        return new ApiError(Errors.forException(api), api.getMessage());
    }

}
