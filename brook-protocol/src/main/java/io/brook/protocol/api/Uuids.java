package io.brook.protocol.api;

import java.util.UUID;
import org.apache.kafka.common.Uuid;

/** Converts between Brook's java.util.UUID topic ids and Kafka's wire Uuid. */
public final class Uuids {

    private Uuids() {
    }

    public static Uuid toKafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    public static UUID fromKafka(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
