package io.brook.protocol.api.fetch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker's fetch sessions, least recently used first; the oldest is evicted when the cache
 * is full (Kafka's max.incremental.fetch.session.cache.slots, 1000 by default).
 */
final class FetchSessionCache {

    private final int maxSessions;
    private final Map<Integer, FetchSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    FetchSessionCache(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    synchronized FetchSession create() {
        if (sessions.size() >= maxSessions) {
            Iterator<Integer> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession session = new FetchSession(id, System.nanoTime());
        sessions.put(id, session);
        return session;
    }

    synchronized FetchSession get(int id) {
        return sessions.get(id);
    }

    synchronized void remove(int id) {
        sessions.remove(id);
    }
}
