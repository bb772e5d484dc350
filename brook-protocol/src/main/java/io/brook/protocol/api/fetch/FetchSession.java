package io.brook.protocol.api.fetch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A KIP-227 incremental fetch session: the partitions a client fetches, with what it asked for
 * and what it was last told, so an incremental response can leave out whatever did not change.
 */
final class FetchSession {

    /** A partition, by topic id (Fetch v13+) or by name (older versions). */
    record Key(Uuid topicId, String topic, int partition) {
    }

    /** The client's fetch parameters and the state last sent for one partition. */
    static final class Entry {
        long fetchOffset;
        int maxBytes;
        int currentLeaderEpoch;
        long sentHighWatermark = -1;
        long sentLastStable = -1;
        long sentLogStart = -1;
        String topicName;

        Entry(long fetchOffset, int maxBytes, int currentLeaderEpoch, String topicName) {
            this.fetchOffset = fetchOffset;
            this.maxBytes = maxBytes;
            this.currentLeaderEpoch = currentLeaderEpoch;
            this.topicName = topicName;
        }
    }

    final int id;
    int nextEpoch = 1;
    long lastUsedNanos;
    private final Map<Key, Entry> partitions = new LinkedHashMap<>();
    /** The partitions in order, copied once per change: most fetches of a session change none. */
    private List<Map.Entry<Key, Entry>> entries = List.of();

    FetchSession(int id, long nowNanos) {
        this.id = id;
        this.lastUsedNanos = nowNanos;
    }

    Entry get(Key key) {
        return partitions.get(key);
    }

    void put(Key key, Entry entry) {
        partitions.put(key, entry);
        entries = null;
    }

    void putAll(Map<Key, Entry> more) {
        partitions.putAll(more);
        entries = null;
    }

    void remove(Key key) {
        if (partitions.remove(key) != null) {
            entries = null;
        }
    }

    /** An immutable snapshot of the partitions, in the order the client added them. */
    List<Map.Entry<Key, Entry>> entries() {
        if (entries == null) {
            entries = List.copyOf(partitions.entrySet());
        }
        return entries;
    }
}
