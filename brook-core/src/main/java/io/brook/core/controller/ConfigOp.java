package io.brook.core.controller;

/** One IncrementalAlterConfigs operation on a config key. value is null for DELETE. */
public record ConfigOp(Kind kind, String key, String value) {

    /** Kafka's AlterConfigOp types, with their wire ids. */
    public enum Kind {
        SET, DELETE, APPEND, SUBTRACT;

        public static Kind ofId(byte id) {
            return id >= 0 && id < values().length ? values()[id] : null;
        }
    }
}
