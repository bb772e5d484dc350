package io.brook.server;

import io.brook.core.config.BrookConfig;
import io.brook.core.config.Listener;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.group.GroupConfig;
import io.brook.core.group.GroupCoordinator;
import io.brook.core.group.GroupTxnOffsets;
import io.brook.core.group.OffsetsTopic;
import io.brook.core.group.TopicCatalog;
import io.brook.core.log.DataDirectory;
import io.brook.core.partition.PartitionManager;
import io.brook.core.producer.ProducerIdManager;
import io.brook.metadata.log.FileMetadataLog;
import io.brook.protocol.api.config.AlterConfigsHandler;
import io.brook.protocol.api.ApiVersionsHandler;
import io.brook.protocol.api.topic.CreatePartitionsHandler;
import io.brook.protocol.api.partition.DeleteRecordsHandler;
import io.brook.protocol.api.cluster.DescribeClusterHandler;
import io.brook.protocol.api.config.DescribeConfigsHandler;
import io.brook.protocol.api.cluster.DescribeLogDirsHandler;
import io.brook.protocol.api.partition.DescribeProducersHandler;
import io.brook.protocol.api.topic.DescribeTopicPartitionsHandler;
import io.brook.protocol.api.config.IncrementalAlterConfigsHandler;
import io.brook.protocol.api.partition.OffsetForLeaderEpochHandler;
import io.brook.protocol.api.BrokerIdentity;
import io.brook.protocol.api.topic.CreateTopicsHandler;
import io.brook.protocol.api.topic.DeleteTopicsHandler;
import io.brook.protocol.api.txn.InitProducerIdHandler;
import io.brook.protocol.api.txn.AddOffsetsToTxnHandler;
import io.brook.protocol.api.txn.AddPartitionsToTxnHandler;
import io.brook.protocol.api.txn.DescribeTransactionsHandler;
import io.brook.protocol.api.txn.EndTxnHandler;
import io.brook.protocol.api.txn.ListTransactionsHandler;
import io.brook.protocol.api.txn.TxnOffsetCommitHandler;
import io.brook.protocol.api.txn.WriteTxnMarkersHandler;
import io.brook.core.txn.LocalTxnMarkerWriter;
import io.brook.core.txn.PartitionTxnStateLog;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.protocol.api.partition.ListOffsetsHandler;
import io.brook.protocol.api.topic.MetadataHandler;
import io.brook.protocol.api.partition.ProduceHandler;
import io.brook.protocol.api.TopicResolver;
import io.brook.protocol.api.fetch.FetchHandler;
import io.brook.protocol.api.group.ConsumerGroupDescribeHandler;
import io.brook.protocol.api.group.ConsumerGroupHeartbeatHandler;
import io.brook.protocol.api.group.DeleteGroupsHandler;
import io.brook.protocol.api.group.DescribeGroupsHandler;
import io.brook.protocol.api.group.FindCoordinatorHandler;
import io.brook.protocol.api.group.GroupContext;
import io.brook.protocol.api.group.HeartbeatHandler;
import io.brook.protocol.api.group.JoinGroupHandler;
import io.brook.protocol.api.group.LeaveGroupHandler;
import io.brook.protocol.api.group.ListGroupsHandler;
import io.brook.protocol.api.group.OffsetCommitHandler;
import io.brook.protocol.api.group.OffsetDeleteHandler;
import io.brook.protocol.api.group.OffsetFetchHandler;
import io.brook.protocol.api.group.SyncGroupHandler;
import io.brook.protocol.codec.RequestDispatcher;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.network.KafkaServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Brook broker: storage, metadata, the request handlers and the network listener,
 * built from Kafka-style configuration properties. Holds no static state, so several brokers can
 * run in one JVM.
 */
public final class BrookServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrookServer.class);

    private final BrookConfig config;
    private final List<DataDirectory> dataDirs = new ArrayList<>();
    private FileMetadataLog metadataLog;
    private PartitionManager partitions;
    private ClusterController controller;
    private TransactionCoordinator transactions;
    private LocalTxnMarkerWriter txnMarkers;
    private ScheduledExecutorService scheduler;
    private OffsetsTopic offsetsTopic;
    private GroupCoordinator groupCoordinator;
    private KafkaServer network;
    private InetSocketAddress boundAddress;
    private List<Listener> advertised;
    private boolean closed;

    /**
     * @param properties Kafka configuration keys (listeners, log.dirs, num.partitions, ...).
     * @throws io.brook.core.config.ConfigException naming the key when a key is unknown or a value invalid
     */
    public BrookServer(Map<String, String> properties) {
        this.config = BrookConfig.parse(properties);
    }

    /** Opens the data directory, replays metadata, recovers logs and binds the listener. */
    public synchronized void start() throws IOException {
        try {
            for (Path dir : config.logDirs()) {
                dataDirs.add(DataDirectory.open(dir, config.nodeId(), config.value("cluster.id")));
            }
            DataDirectory first = dataDirs.get(0);
            metadataLog = new FileMetadataLog(first.path().resolve("__cluster_metadata-0"));
            TopicConfigResolver configResolver = new TopicConfigResolver(config);
            partitions = new PartitionManager(config.nodeId(), dataDirs, configResolver, Clock.systemUTC());
            controller = new ClusterController(metadataLog, config, partitions::onImage);
            controller.start();

            scheduler = Executors.newScheduledThreadPool(1, runnable -> {
                Thread thread = new Thread(runnable, "brook-" + config.nodeId() + "-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            long retentionInterval = config.retentionCheckIntervalMs();
            scheduler.scheduleWithFixedDelay(partitions::enforceRetention, retentionInterval, retentionInterval,
                    TimeUnit.MILLISECONDS);

            // Group coordinator: loads __consumer_offsets (if it exists) after the partitions are open;
            // its deadlines (session timeouts, rebalance timeouts, offset expiry) fire on this tick.
            GroupConfig groupConfig = GroupConfig.from(config);
            offsetsTopic = new OffsetsTopic(controller, partitions, groupConfig.offsetsTopicPartitions(),
                    (short) config.intValue("offsets.topic.replication.factor"), Clock.systemUTC());
            groupCoordinator = new GroupCoordinator(groupConfig, offsetsTopic, GroupContext.CONSUMER_SUBSCRIPTION,
                    TopicCatalog.of(controller::image), Clock.systemUTC());
            offsetsTopic.start(groupCoordinator);
            scheduler.scheduleWithFixedDelay(this::tickGroups, 50, 50, TimeUnit.MILLISECONDS);

            Listener listener = config.listeners().get(0);
            network = new KafkaServer(ioThreads(), "brook-" + config.nodeId());
            InetSocketAddress bindAddress = listener.bindsAllInterfaces() ? new InetSocketAddress(listener.port())
                    : new InetSocketAddress(listener.host(), listener.port());
            BrokerIdentity identity = new BrokerIdentity(config.nodeId(), first.clusterId(), List.of());
            HandlerRegistry registry = new HandlerRegistry();
            ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry);
            RequestDispatcher dispatcher = new RequestDispatcher(registry, apiVersions);
            try {
                boundAddress = network.bind(bindAddress, listener.name(), dispatcher, config.socketRequestMaxBytes(),
                        config.connectionsMaxIdleMs());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw e;
                }
                throw new IOException("Could not listen on " + listener + " (" + e.getMessage()
                        + "). Is another broker using the port? Change 'listeners' to pick another.", e);
            }
            advertised = config.advertisedListeners().stream()
                    .map(l -> l.port() == 0 ? new Listener(l.name(), l.host(), boundAddress.getPort()) : l)
                    .toList();
            identity = new BrokerIdentity(config.nodeId(), first.clusterId(), advertised);
            registerHandlers(registry, apiVersions, identity, configResolver);
            startTransactions();
            log.info("Brook {} (node {}, cluster {}) listening on {} (advertised as {}), data in {}", version(),
                    config.nodeId(), first.clusterId(), boundAddress, advertised,
                    dataDirs.stream().map(d -> d.path().toAbsolutePath().toString()).toList());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting", e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void registerHandlers(HandlerRegistry registry, ApiVersionsHandler apiVersions, BrokerIdentity identity,
                                  TopicConfigResolver configResolver) {
        TopicResolver topics = new TopicResolver(controller);
        GroupContext groups = new GroupContext(groupCoordinator, offsetsTopic, controller, identity);
        ProducerIdManager producerIds = new ProducerIdManager(controller);
        createTransactionCoordinator(producerIds);
        registerTransactionHandlers(registry, identity);
        registry.register(apiVersions)
                .register(new MetadataHandler(controller, config, identity))
                .register(new ProduceHandler(partitions, topics, transactions))
                .register(new FetchHandler(partitions, topics, scheduler))
                .register(new ListOffsetsHandler(partitions))
                .register(new CreateTopicsHandler(controller, configResolver))
                .register(new DeleteTopicsHandler(controller))
                .register(new InitProducerIdHandler(producerIds, transactions))
                .register(new DescribeConfigsHandler(controller, config))
                .register(new AlterConfigsHandler(controller))
                .register(new IncrementalAlterConfigsHandler(controller))
                .register(new CreatePartitionsHandler(controller))
                .register(new DescribeClusterHandler(identity))
                .register(new DescribeTopicPartitionsHandler(controller))
                .register(new DescribeLogDirsHandler(partitions, dataDirs.stream().map(DataDirectory::path).toList()))
                .register(new DeleteRecordsHandler(partitions, controller, configResolver, config.nodeId()))
                .register(new OffsetForLeaderEpochHandler(partitions))
                .register(new DescribeProducersHandler(partitions))
                .register(new FindCoordinatorHandler(groups, id -> transactions.ensureStateTopic()))
                .register(new JoinGroupHandler(groups))
                .register(new SyncGroupHandler(groups))
                .register(new HeartbeatHandler(groups))
                .register(new LeaveGroupHandler(groups))
                .register(new OffsetCommitHandler(groups))
                .register(new OffsetFetchHandler(groups))
                .register(new ListGroupsHandler(groups))
                .register(new DescribeGroupsHandler(groups))
                .register(new DeleteGroupsHandler(groups))
                .register(new OffsetDeleteHandler(groups))
                .register(new ConsumerGroupHeartbeatHandler(groups))
                .register(new ConsumerGroupDescribeHandler(groups));
    }

    private void tickGroups() {
        try {
            groupCoordinator.tick();
        } catch (RuntimeException e) {
            log.warn("Group coordinator tick failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ transactions (issue 4)

    private void createTransactionCoordinator(ProducerIdManager producerIds) {
        // the group coordinator plugs in with transactions.setOffsetCommitter(...) (TxnOffsetCommitter)
        txnMarkers = new LocalTxnMarkerWriter(partitions, () -> transactions.offsetCommitter());
        transactions = new TransactionCoordinator(
                new TransactionCoordinator.Config(config.intValue("transaction.max.timeout.ms"),
                        config.intValue("offsets.topic.num.partitions")),
                Clock.systemUTC(),
                new PartitionTxnStateLog(controller, partitions, config.intValue("transaction.state.log.num.partitions"),
                        Clock.systemUTC()),
                txnMarkers, producerIds::nextProducerId);
        transactions.setOffsetCommitter(new GroupTxnOffsets(groupCoordinator));
    }

    private void registerTransactionHandlers(HandlerRegistry registry, BrokerIdentity identity) {
        // FindCoordinator (GROUP and TRANSACTION keys) is registered with the group handlers
        registry.register(new AddPartitionsToTxnHandler(transactions, partitions))
                .register(new AddOffsetsToTxnHandler(transactions))
                .register(new EndTxnHandler(transactions))
                .register(new TxnOffsetCommitHandler(transactions))
                .register(new WriteTxnMarkersHandler(txnMarkers, partitions))
                .register(new DescribeTransactionsHandler(transactions))
                .register(new ListTransactionsHandler(transactions));
    }

    /** Replays __transaction_state (completing prepared transactions) and starts the timeout timer. */
    private void startTransactions() {
        transactions.start();
        long interval = config.intValue("transaction.abort.timed.out.transaction.cleanup.interval.ms");
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                transactions.abortTimedOutTransactions();
            } catch (RuntimeException e) {
                log.warn("Aborting timed-out transactions failed: {}", e.getMessage());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The transaction coordinator (for wiring the group coordinator's TxnOffsetCommitter, and tests). */
    public TransactionCoordinator transactionCoordinator() {
        return transactions;
    }

    private int ioThreads() {
        return Math.max(2, Math.min(Runtime.getRuntime().availableProcessors(), config.intValue("num.io.threads")));
    }

    static String version() {
        String version = BrookServer.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    /** Creates a topic (used by embedded brokers to create topics at start). */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        controller.createTopic(new NewTopic(name, partitions, (short) -1, Map.of(), configs), false);
    }

    /** The address the listener is bound to (port resolved when the configured port was 0). */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** host:port a client should use to reach this broker. */
    public String bootstrapServers() {
        Listener listener = advertised.get(0);
        return listener.host() + ":" + listener.port();
    }

    /** The first configured log directory. */
    public Path dataDir() {
        return config.logDirs().get(0);
    }

    /** Stops accepting connections, flushes and closes every log, writes the clean-shutdown marker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (network != null) {
            network.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean clean = true;
        if (partitions != null) {
            partitions.close();
        }
        if (metadataLog != null) {
            try {
                metadataLog.close();
            } catch (IOException e) {
                clean = false;
                log.warn("Could not close the metadata log: {}", e.getMessage());
            }
        }
        for (DataDirectory dir : dataDirs) {
            try {
                if (clean && controller != null) {
                    dir.markCleanShutdown();
                }
                dir.close();
            } catch (IOException e) {
                log.warn("Could not close data directory {}: {}", dir.path(), e.getMessage());
            }
        }
        log.info("Brook node {} stopped", config.nodeId());
    }
}
