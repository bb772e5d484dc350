package io.brook.protocol.api.fetch;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.api.TopicResolver;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.codec.FileSliceRecords;
import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.RequestContext;
import io.brook.storage.ReadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchRequestData.ForgottenTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Fetch v4-18: fetch sessions (KIP-227), topic ids (v13+), batch-granular reads served as file
 * slices, and long polling — a fetch that finds less than min_bytes waits until an append to one
 * of its partitions or max_wait_ms, whichever comes first.
 */
@KafkaApi(value = ApiKey.FETCH, min = 4, max = 18)
public final class FetchHandler implements ApiHandler<FetchRequestData> {

    private final PartitionManager partitions;
    private final TopicResolver topics;
    private final ScheduledExecutorService scheduler;
    private final FetchSessionCache sessions = new FetchSessionCache(1000);

    public FetchHandler(PartitionManager partitions, TopicResolver topics, ScheduledExecutorService scheduler) {
        this.partitions = partitions;
        this.topics = topics;
        this.scheduler = scheduler;
    }

    /**
     * The partitions one fetch reads, in order, with its session (null when sessionless). A list,
     * not a map: a long-polling client sends thousands of these a second, so each costs one array.
     */
    record Plan(FetchSession session, boolean full, List<Map.Entry<FetchSession.Key, FetchSession.Entry>> partitions,
                short version, boolean readCommitted, int maxBytes) {
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        Plan plan;
        try {
            plan = plan(request, version);
        } catch (SessionError e) {
            return CompletableFuture.completedFuture(new FetchResponseData().setErrorCode(e.error.code())
                    .setSessionId(0));
        }
        FetchResponseData immediate = tryRespond(plan, request.minBytes(), request.maxWaitMs() <= 0);
        if (immediate != null) {
            return CompletableFuture.completedFuture(immediate);
        }
        ScheduledExecutorService waitOn = context.connectionExecutor() != null ? context.connectionExecutor() : scheduler;
        return new DelayedFetch(plan, request.minBytes(), request.maxWaitMs(), waitOn).start();
    }

    private static final class SessionError extends Exception {
        final Errors error;

        SessionError(Errors error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private Plan plan(FetchRequestData request, short version) throws SessionError {
        boolean readCommitted = request.isolationLevel() == 1;
        int sessionId = version >= 7 ? request.sessionId() : 0;
        int epoch = version >= 7 ? request.sessionEpoch() : -1;
        if (epoch == -1) {
            if (sessionId != 0) {
                sessions.remove(sessionId);
            }
            return new Plan(null, true, List.copyOf(requested(request, version).entrySet()), version, readCommitted,
                    request.maxBytes());
        }
        if (epoch == 0) {
            if (sessionId != 0) {
                sessions.remove(sessionId);
            }
            FetchSession session = sessions.create();
            synchronized (session) {
                session.putAll(requested(request, version));
                return new Plan(session, true, session.entries(), version, readCommitted,
                        request.maxBytes());
            }
        }
        FetchSession session = sessions.get(sessionId);
        if (session == null) {
            throw new SessionError(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
        synchronized (session) {
            if (session.nextEpoch != epoch) {
                throw new SessionError(Errors.INVALID_FETCH_SESSION_EPOCH);
            }
            session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
            session.lastUsedNanos = System.nanoTime();
            for (FetchTopic topic : request.topics()) {
                for (FetchPartition p : topic.partitions()) {
                    FetchSession.Key key = key(version, topic.topic(), topic.topicId(), p.partition());
                    FetchSession.Entry existing = session.get(key);
                    if (existing == null) {
                        session.put(key, entry(topic, p));
                    } else {
                        existing.fetchOffset = p.fetchOffset();
                        existing.maxBytes = p.partitionMaxBytes();
                        existing.currentLeaderEpoch = p.currentLeaderEpoch();
                    }
                }
            }
            for (ForgottenTopic forgotten : request.forgottenTopicsData()) {
                for (int p : forgotten.partitions()) {
                    session.remove(key(version, forgotten.topic(), forgotten.topicId(), p));
                }
            }
            return new Plan(session, false, session.entries(), version, readCommitted,
                    request.maxBytes());
        }
    }

    private static FetchSession.Key key(short version, String topic, Uuid topicId, int partition) {
        return version >= 13 ? new FetchSession.Key(topicId, null, partition)
                : new FetchSession.Key(null, topic, partition);
    }

    private Map<FetchSession.Key, FetchSession.Entry> requested(FetchRequestData request, short version) {
        Map<FetchSession.Key, FetchSession.Entry> result = new LinkedHashMap<>();
        for (FetchTopic topic : request.topics()) {
            for (FetchPartition p : topic.partitions()) {
                result.put(key(version, topic.topic(), topic.topicId(), p.partition()), entry(topic, p));
            }
        }
        return result;
    }

    private static FetchSession.Entry entry(FetchTopic topic, FetchPartition p) {
        return new FetchSession.Entry(p.fetchOffset(), p.partitionMaxBytes(), p.currentLeaderEpoch(), topic.topic());
    }

    /** Reads every planned partition; returns the response if it may be sent now, else null. */
    private FetchResponseData tryRespond(Plan plan, int minBytes, boolean mustRespond) {
        List<PartitionData> results = new ArrayList<>(plan.partitions().size()); // same order as the plan
        int remaining = plan.maxBytes();
        long bytes = 0;
        boolean anyError = false;
        for (Map.Entry<FetchSession.Key, FetchSession.Entry> e : plan.partitions()) {
            PartitionData data = read(plan, e.getKey(), e.getValue(), Math.max(0, remaining), bytes == 0);
            int size = data.records() == null ? 0 : data.records().sizeInBytes();
            bytes += size;
            remaining -= size;
            anyError |= data.errorCode() != Errors.NONE.code();
            results.add(data);
        }
        if (!mustRespond && !anyError && bytes < Math.max(1, minBytes)) {
            return null;
        }
        return build(plan, results);
    }

    private PartitionData read(Plan plan, FetchSession.Key key, FetchSession.Entry entry, int responseBytesLeft,
                               boolean firstWithData) {
        PartitionData data = new PartitionData().setPartitionIndex(key.partition())
                .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
        Optional<TopicImage> topic = topics.resolve(key.topic(), key.topicId());
        Optional<Partition> partition = topic.flatMap(t -> partitions.partition(t.name(), key.partition()));
        if (partition.isEmpty()) {
            Errors error = plan.version() >= 13 && topic.isEmpty() ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            return data.setErrorCode(error.code());
        }
        Partition p = partition.get();
        data.setHighWatermark(p.highWatermark()).setLastStableOffset(p.lastStableOffset())
                .setLogStartOffset(p.logStartOffset());
        if (plan.readCommitted()) {
            data.setAbortedTransactions(new ArrayList<>());
        } else {
            data.setAbortedTransactions(null);
        }
        if (entry.currentLeaderEpoch >= 0 && entry.currentLeaderEpoch != p.leaderEpoch()) {
            Errors error = entry.currentLeaderEpoch < p.leaderEpoch() ? Errors.FENCED_LEADER_EPOCH
                    : Errors.UNKNOWN_LEADER_EPOCH;
            return data.setErrorCode(error.code());
        }
        try {
            int maxBytes = Math.min(entry.maxBytes, responseBytesLeft);
            ReadResult result = p.read(entry.fetchOffset, maxBytes, plan.readCommitted(), firstWithData);
            long lso = p.lastStableOffset(); // >= the bound the read used: the aborted list is a superset
            data.setLastStableOffset(lso);
            if (result.slice().size() > 0) {
                data.setRecords(new FileSliceRecords(result.slice()));
                if (plan.readCommitted()) {
                    data.setAbortedTransactions(abortedTransactions(p, entry.fetchOffset, lso));
                }
            }
        } catch (Exception e) {
            data.setErrorCode(ErrorMapping.toErrors(e).code());
        }
        return data;
    }

    /** The aborted transactions the client needs to drop aborted records of a read_committed fetch. */
    private static List<FetchResponseData.AbortedTransaction> abortedTransactions(Partition p, long fetchOffset,
                                                                                 long upperBound) {
        List<FetchResponseData.AbortedTransaction> out = new ArrayList<>();
        for (var txn : p.abortedTransactions(fetchOffset, upperBound)) {
            out.add(new FetchResponseData.AbortedTransaction().setProducerId(txn.producerId())
                    .setFirstOffset(txn.firstOffset()));
        }
        return out;
    }

    /**
     * Assembles the response; an incremental session response carries only what changed. As in
     * Kafka, partitions keep the request's order and consecutive partitions of one topic share an
     * entry.
     */
    private FetchResponseData build(Plan plan, List<PartitionData> results) {
        FetchResponseData response = new FetchResponseData()
                .setSessionId(plan.session() == null ? 0 : plan.session().id);
        List<FetchableTopicResponse> topics = response.responses();
        FetchSession session = plan.session();
        FetchSession.Key previous = null;
        for (int i = 0; i < results.size(); i++) {
            PartitionData data = results.get(i);
            FetchSession.Key key = plan.partitions().get(i).getKey();
            if (session != null) {
                synchronized (session) {
                    FetchSession.Entry entry = session.get(key);
                    if (entry != null) {
                        boolean changed = data.records().sizeInBytes() > 0 || data.errorCode() != 0
                                || entry.sentHighWatermark != data.highWatermark()
                                || entry.sentLastStable != data.lastStableOffset()
                                || entry.sentLogStart != data.logStartOffset();
                        entry.sentHighWatermark = data.highWatermark();
                        entry.sentLastStable = data.lastStableOffset();
                        entry.sentLogStart = data.logStartOffset();
                        if (!plan.full() && !changed) {
                            continue;
                        }
                    }
                }
            }
            if (previous == null || !sameTopic(plan.version(), previous, key)) {
                topics.add(new FetchableTopicResponse().setTopic(key.topic())
                        .setTopicId(key.topicId() == null ? Uuid.ZERO_UUID : key.topicId()));
            }
            topics.get(topics.size() - 1).partitions().add(data);
            previous = key;
        }
        return response;
    }

    private static boolean sameTopic(short version, FetchSession.Key a, FetchSession.Key b) {
        return version >= 13 ? Objects.equals(a.topicId(), b.topicId()) : Objects.equals(a.topic(), b.topic());
    }

    /**
     * A fetch waiting for data: completes on the first append that gives it min_bytes, or on timeout.
     * Both checks run on the fetching connection's own thread, so an append wakes at most that one
     * thread (none when producer and consumer share it) and the response is written from where it
     * is completed.
     */
    private final class DelayedFetch implements Runnable {
        private final Plan plan;
        private final int minBytes;
        private final int maxWaitMs;
        private final ScheduledExecutorService executor;
        private final CompletableFuture<ApiMessage> result = new CompletableFuture<>();
        private final List<Partition> watched = new ArrayList<>();
        private final AtomicBoolean checkQueued = new AtomicBoolean();

        DelayedFetch(Plan plan, int minBytes, int maxWaitMs, ScheduledExecutorService executor) {
            this.plan = plan;
            this.minBytes = minBytes;
            this.maxWaitMs = maxWaitMs;
            this.executor = executor;
        }

        CompletableFuture<ApiMessage> start() {
            for (Map.Entry<FetchSession.Key, FetchSession.Entry> e : plan.partitions()) {
                FetchSession.Key key = e.getKey();
                topics.resolve(key.topic(), key.topicId())
                        .flatMap(t -> partitions.partition(t.name(), key.partition()))
                        .ifPresent(watched::add);
            }
            watched.forEach(p -> p.addAppendWaiter(this));
            try {
                var timeout = executor.schedule(() -> complete(true), maxWaitMs, TimeUnit.MILLISECONDS);
                result.whenComplete((r, e) -> timeout.cancel(false));
            } catch (RejectedExecutionException shuttingDown) {
                complete(true);
                return result;
            }
            // An append may have landed between the first read and registering: check once more.
            run();
            return result;
        }

        /** Called after an append to a watched partition (on the producer's thread): check on ours. */
        @Override
        public void run() {
            if (!result.isDone() && checkQueued.compareAndSet(false, true)) {
                try {
                    executor.execute(() -> {
                        checkQueued.set(false);
                        complete(false);
                    });
                } catch (RejectedExecutionException shuttingDown) {
                    // the connection's thread is stopping with the broker: nobody will read the answer
                    checkQueued.set(false);
                }
            }
        }

        private synchronized void complete(boolean timedOut) {
            if (result.isDone()) {
                return;
            }
            try {
                FetchResponseData response = tryRespond(plan, minBytes, timedOut);
                if (response != null) {
                    watched.forEach(p -> p.removeAppendWaiter(this));
                    result.complete(response);
                }
            } catch (RuntimeException e) {
                watched.forEach(p -> p.removeAppendWaiter(this));
                result.completeExceptionally(e);
            }
        }
    }
}
