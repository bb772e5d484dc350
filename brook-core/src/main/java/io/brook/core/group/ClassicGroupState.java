package io.brook.core.group;

/** The states of a classic-protocol group, named as Kafka names them on the wire. */
public enum ClassicGroupState {
    EMPTY("Empty"), PREPARING_REBALANCE("PreparingRebalance"), COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"), DEAD("Dead");

    private final String wireName;

    ClassicGroupState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
