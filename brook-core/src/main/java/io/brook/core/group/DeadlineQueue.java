package io.brook.core.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named deadlines (heartbeat expiry, rebalance timeout, ...). Owns no thread: whoever drives the
 * coordinator calls {@link #expired(long)} with the current time (a scheduler in the broker, the
 * test itself with a fake clock). Not thread-safe; guarded by the coordinator's lock.
 */
final class DeadlineQueue {

    private record Entry(long deadlineMs, long seq, String key, Runnable action) {
    }

    private final TreeMap<Long, Map<Long, Entry>> byTime = new TreeMap<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private long seq;

    void schedule(String key, long deadlineMs, Runnable action) {
        cancel(key);
        Entry entry = new Entry(deadlineMs, seq++, key, action);
        byKey.put(key, entry);
        byTime.computeIfAbsent(deadlineMs, t -> new java.util.LinkedHashMap<>()).put(entry.seq, entry);
    }

    void cancel(String key) {
        Entry entry = byKey.remove(key);
        if (entry != null) {
            Map<Long, Entry> at = byTime.get(entry.deadlineMs);
            at.remove(entry.seq);
            if (at.isEmpty()) {
                byTime.remove(entry.deadlineMs);
            }
        }
    }

    boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** Removes and returns the actions due at {@code nowMs}, earliest first. */
    List<Runnable> expired(long nowMs) {
        List<Runnable> due = new ArrayList<>();
        while (!byTime.isEmpty() && byTime.firstKey() <= nowMs) {
            Map<Long, Entry> first = byTime.pollFirstEntry().getValue();
            for (Entry e : first.values()) {
                byKey.remove(e.key);
                due.add(e.action);
            }
        }
        return due;
    }

    /** The earliest deadline, or Long.MAX_VALUE when none. */
    long next() {
        return byTime.isEmpty() ? Long.MAX_VALUE : byTime.firstKey();
    }
}
