package io.brook.core.controller;

import io.brook.core.config.BrookConfig;
import io.brook.core.config.BrokerConfigs;
import io.brook.core.config.ConfigException;
import io.brook.core.config.ConfigKey;
import io.brook.core.config.ConfigType;
import io.brook.core.config.TopicConfigs;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.metadata.image.ImageBuilder;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.TopicImage;
import io.brook.metadata.log.MetadataLog;
import io.brook.metadata.record.MetadataRecord;
import io.brook.metadata.record.MetadataRecord.ConfigRecord;
import io.brook.metadata.record.MetadataRecord.PartitionRecord;
import io.brook.metadata.record.MetadataRecord.ProducerIdsRecord;
import io.brook.metadata.record.MetadataRecord.RemoveTopicRecord;
import io.brook.metadata.record.MetadataRecord.ResourceType;
import io.brook.metadata.record.MetadataRecord.TopicRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Decides every metadata change: validates a request against the current image, turns it into
 * records, makes them durable in the metadata log, then publishes the new image. One change at
 * a time (synchronized), so each decision sees the result of the one before.
 */
public final class ClusterController {

    private final MetadataLog log;
    private final BrookConfig config;
    private final Consumer<MetadataImage> publisher;
    private volatile MetadataImage image = MetadataImage.EMPTY;

    public ClusterController(MetadataLog log, BrookConfig config, Consumer<MetadataImage> publisher) {
        this.log = log;
        this.config = config;
        this.publisher = publisher;
    }

    /** Replays the log into the image and publishes it. */
    public synchronized void start() throws IOException {
        ImageBuilder builder = new ImageBuilder(MetadataImage.EMPTY);
        log.replay(builder::apply);
        image = builder.build();
        publisher.accept(image);
    }

    public MetadataImage image() {
        return image;
    }

    public Set<Integer> liveBrokers() {
        return Set.of(config.nodeId());
    }

    /** Validates and (unless validateOnly) creates the topic; returns its image. */
    public synchronized TopicImage createTopic(NewTopic request, boolean validateOnly) {
        TopicCreation result = createTopics(List.of(request), validateOnly).get(0);
        if (result.error() != null) {
            throw result.error();
        }
        return result.topic();
    }

    /** The outcome of one topic of {@link #createTopics}: its image, or why it was not created. */
    public record TopicCreation(String name, TopicImage topic, RuntimeException error) {
    }

    /**
     * Validates each topic (against the image and the topics before it in the list) and, unless
     * validateOnly, creates all valid ones with one metadata log append (one fsync) and one new
     * image. Returns one outcome per request, in order. A failed append fails every valid topic.
     */
    public synchronized List<TopicCreation> createTopics(List<NewTopic> requests, boolean validateOnly) {
        Map<String, String> namesByUnified = new HashMap<>();
        for (String existing : image.topicsByName().keySet()) {
            namesByUnified.putIfAbsent(TopicNames.unifyCollisionChars(existing), existing);
        }
        List<MetadataRecord> records = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (NewTopic request : requests) {
            try {
                records.addAll(createTopicRecords(request, namesByUnified));
                namesByUnified.put(TopicNames.unifyCollisionChars(request.name()), request.name());
                errors.add(null);
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        MetadataImage result = image;
        if (!records.isEmpty()) {
            if (validateOnly) {
                ImageBuilder preview = new ImageBuilder(image);
                records.forEach(r -> preview.apply(r, image.lastOffset()));
                result = preview.build();
            } else {
                try {
                    commit(records);
                    result = image;
                } catch (RuntimeException e) {
                    errors.replaceAll(error -> error == null ? e : error);
                }
            }
        }
        List<TopicCreation> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            String name = requests.get(i).name();
            RuntimeException error = errors.get(i);
            outcomes.add(error != null ? new TopicCreation(name, null, error)
                    : new TopicCreation(name, result.topic(name).orElseThrow(), null));
        }
        return outcomes;
    }

    /** Records of a new topic; namesByUnified: existing (and earlier requested) names by their unified form. */
    private List<MetadataRecord> createTopicRecords(NewTopic request, Map<String, String> namesByUnified) {
        TopicNames.validate(request.name());
        String unified = TopicNames.unifyCollisionChars(request.name());
        String existing = namesByUnified.get(unified);
        if (request.name().equals(existing)) {
            throw new BrookException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + request.name() + "' already exists.");
        }
        if (existing != null) {
            throw new BrookException(ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic '" + request.name()
                    + "' collides with existing topic: " + existing);
        }
        validateTopicConfigs(request.configs());
        List<List<Integer>> assignment = assignment(request);
        UUID id = UUID.randomUUID();
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(request.name(), id));
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            records.add(new PartitionRecord(id, p, replicas, replicas, replicas.get(0), 0));
        }
        request.configs().forEach((k, v) -> records.add(new ConfigRecord(ResourceType.TOPIC, request.name(), k, v)));
        return records;
    }

    private List<List<Integer>> assignment(NewTopic request) {
        if (!request.assignments().isEmpty()) {
            if (request.numPartitions() != -1 || request.replicationFactor() != -1) {
                throw new BrookException(ErrorCode.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. "
                                + "Both cannot be used at the same time.");
            }
            List<List<Integer>> result = new ArrayList<>();
            for (int p = 0; p < request.assignments().size(); p++) {
                List<Integer> replicas = request.assignments().get(p);
                if (replicas == null) {
                    throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                            "Partitions must be numbered consecutively from 0; partition " + p + " is missing.");
                }
                validateReplicas(replicas);
                result.add(List.copyOf(replicas));
            }
            return result;
        }
        int partitions = request.numPartitions() == -1 ? config.numPartitions() : request.numPartitions();
        int replicationFactor = request.replicationFactor() == -1 ? config.defaultReplicationFactor()
                : request.replicationFactor();
        if (partitions <= 0) {
            throw new BrookException(ErrorCode.INVALID_PARTITIONS,
                    "Number of partitions was set to an invalid non-positive value.");
        }
        if (replicationFactor <= 0) {
            throw new BrookException(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        return placeReplicas(partitions, replicationFactor, 0);
    }

    private List<List<Integer>> placeReplicas(int partitions, int replicationFactor, int firstPartition) {
        List<Integer> brokers = liveBrokers().stream().sorted().toList();
        if (replicationFactor > brokers.size()) {
            throw new BrookException(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokers.size() + " broker(s) are registered.");
        }
        List<List<Integer>> result = new ArrayList<>();
        for (int p = firstPartition; p < firstPartition + partitions; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < replicationFactor; r++) {
                replicas.add(brokers.get((p + r) % brokers.size()));
            }
            result.add(List.copyOf(replicas));
        }
        return result;
    }

    private void validateReplicas(List<Integer> replicas) {
        if (replicas.isEmpty()) {
            throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "A partition must have at least one replica.");
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "Duplicate brokers in replica assignment " + replicas);
        }
        for (int broker : replicas) {
            if (!liveBrokers().contains(broker)) {
                throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "Replica assignment " + replicas + " names broker " + broker + ", which is not registered.");
            }
        }
    }

    private static void validateTopicConfigs(Map<String, String> configs) {
        try {
            TopicConfigs.validate(configs);
        } catch (ConfigException e) {
            throw new BrookException(ErrorCode.INVALID_CONFIG, e.getMessage());
        }
    }

    public synchronized TopicImage deleteTopic(String name) {
        TopicImage topic = image.topic(name).orElseThrow(() -> new BrookException(
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition."));
        return deleteTopic(topic);
    }

    public synchronized TopicImage deleteTopic(UUID id) {
        TopicImage topic = image.topic(id).orElseThrow(() -> new BrookException(
                ErrorCode.UNKNOWN_TOPIC_ID, "This server does not host this topic ID."));
        return deleteTopic(topic);
    }

    private TopicImage deleteTopic(TopicImage topic) {
        if (!config.booleanValue("delete.topic.enable")) {
            throw new BrookException(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Topic deletion is disabled.");
        }
        commit(List.of(new RemoveTopicRecord(topic.id())));
        return topic;
    }

    /**
     * Grows the topic to {@code totalCount} partitions, with Kafka's checks and messages.
     *
     * @param assignments replicas of each new partition, or null to place them
     */
    public synchronized void createPartitions(String name, int totalCount, List<List<Integer>> assignments,
                                              boolean validateOnly) {
        TopicImage topic = image.topic(name).orElseThrow(() -> new BrookException(
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null));
        int current = topic.partitionCount();
        if (totalCount == current) {
            throw new BrookException(ErrorCode.INVALID_PARTITIONS, "Topic already has " + current + " partition(s).");
        }
        if (totalCount < current) {
            throw new BrookException(ErrorCode.INVALID_PARTITIONS, "The topic " + name + " currently has " + current
                    + " partition(s); " + totalCount + " would not be an increase.");
        }
        int added = totalCount - current;
        int replicationFactor = topic.partitions().get(topic.partitions().firstKey()).replicas().size();
        List<List<Integer>> placement;
        if (assignments != null) {
            if (assignments.size() != added) {
                throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Attempted to add " + added
                        + " additional partition(s), but only " + assignments.size() + " assignment(s) were specified.");
            }
            for (List<Integer> replicas : assignments) {
                validateManualAssignment(replicas, replicationFactor);
            }
            placement = assignments;
        } else {
            placement = placeReplicas(added, replicationFactor, current);
        }
        if (validateOnly) {
            return;
        }
        List<MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < added; i++) {
            List<Integer> replicas = List.copyOf(placement.get(i));
            records.add(new PartitionRecord(topic.id(), current + i, replicas, replicas, replicas.get(0), 0));
        }
        commit(records);
    }

    private void validateManualAssignment(List<Integer> replicas, int replicationFactor) {
        if (replicas == null || replicas.isEmpty()) {
            throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "The manual partition assignment includes an empty replica list.");
        }
        List<Integer> sorted = replicas.stream().sorted().toList();
        Integer previous = null;
        for (Integer broker : sorted) {
            if (!liveBrokers().contains(broker)) {
                throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment "
                        + "includes broker " + broker + ", but no such broker is registered.");
            }
            if (broker.equals(previous)) {
                throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment "
                        + "includes the broker " + previous + " more than once.");
            }
            previous = broker;
        }
        if (sorted.size() != replicationFactor) {
            throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes a "
                    + "partition with " + sorted.size() + " replica(s), but this is not consistent with previous "
                    + "partitions, which have " + replicationFactor + " replica(s).");
        }
    }

    /** IncrementalAlterConfigs on a topic: applies the ops to its overrides, validates the result, commits. */
    public synchronized void incrementalAlterTopicConfigs(String name, List<ConfigOp> ops, boolean validateOnly) {
        TopicNames.validate(name);
        Map<String, String> current = image.topic(name).map(TopicImage::configs).orElse(Map.of());
        Map<String, String> updated = new HashMap<>(current);
        for (ConfigOp op : ops) {
            switch (op.kind()) {
                case SET -> updated.put(op.key(), op.value());
                case DELETE -> updated.remove(op.key());
                case APPEND, SUBTRACT -> {
                    var key = TopicConfigs.find(op.key()).map(TopicConfigs.TopicKey::key)
                            .filter(k -> k.type() == ConfigType.LIST).orElseThrow(() -> new BrookException(
                                    ErrorCode.INVALID_CONFIG, "Can't " + op.kind() + " to key " + op.key()
                                    + " because its type is not LIST."));
                    String base = updated.containsKey(op.key()) ? updated.get(op.key()) : key.defaultValue();
                    updated.put(op.key(), applyListOp(op, base));
                }
            }
        }
        commitTopicConfigs(name, current, updated, validateOnly);
    }

    /** Legacy AlterConfigs on a topic: the given configs replace all of its overrides. */
    public synchronized void replaceTopicConfigs(String name, Map<String, String> configs, boolean validateOnly) {
        TopicNames.validate(name);
        Map<String, String> current = image.topic(name).map(TopicImage::configs).orElse(Map.of());
        commitTopicConfigs(name, current, new HashMap<>(configs), validateOnly);
    }

    private void commitTopicConfigs(String name, Map<String, String> current, Map<String, String> updated,
                                    boolean validateOnly) {
        validateTopicConfigs(updated);
        if (image.topic(name).isEmpty()) {
            throw new BrookException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist.");
        }
        List<MetadataRecord> records = configDiff(ResourceType.TOPIC, name, current, updated);
        if (!validateOnly && !records.isEmpty()) {
            commit(records);
        }
    }

    /**
     * IncrementalAlterConfigs on a broker: {@code brokerName} is "" for the cluster-wide default
     * or this node's id. Only dynamic keys ({@link BrokerConfigs#isDynamic}) may be set.
     */
    public synchronized void incrementalAlterBrokerConfigs(String brokerName, List<ConfigOp> ops,
                                                           boolean validateOnly) {
        validateBrokerName(brokerName);
        Map<String, String> current = image.brokerConfigs().getOrDefault(brokerName, Map.of());
        Map<String, String> updated = new HashMap<>(current);
        for (ConfigOp op : ops) {
            switch (op.kind()) {
                case SET -> updated.put(op.key(), op.value());
                case DELETE -> updated.remove(op.key());
                case APPEND, SUBTRACT -> {
                    ConfigKey key = BrokerConfigs.find(op.key()).orElseThrow(() -> new BrookException(
                            ErrorCode.INVALID_CONFIG, "Unknown config name: " + op.key()));
                    if (key.type() != ConfigType.LIST) {
                        throw new BrookException(ErrorCode.INVALID_REQUEST, "Config value "
                                + op.kind().name().toLowerCase() + " is not allowed for config key: " + op.key());
                    }
                    String base = updated.containsKey(op.key()) ? updated.get(op.key()) : key.defaultValue();
                    updated.put(op.key(), applyListOp(op, base));
                }
            }
        }
        commitBrokerConfigs(brokerName, current, updated, validateOnly);
    }

    /** Legacy AlterConfigs on a broker: the given configs replace all of its dynamic configs. */
    public synchronized void replaceBrokerConfigs(String brokerName, Map<String, String> configs,
                                                  boolean validateOnly) {
        validateBrokerName(brokerName);
        Map<String, String> current = image.brokerConfigs().getOrDefault(brokerName, Map.of());
        commitBrokerConfigs(brokerName, current, new HashMap<>(configs), validateOnly);
    }

    private void commitBrokerConfigs(String brokerName, Map<String, String> current, Map<String, String> updated,
                                     boolean validateOnly) {
        List<String> unknown = updated.keySet().stream().filter(k -> BrokerConfigs.find(k).isEmpty()).sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new BrookException(ErrorCode.INVALID_CONFIG, "Unknown config name: " + String.join(", ", unknown));
        }
        List<String> nonDynamic = updated.keySet().stream().filter(k -> !BrokerConfigs.isDynamic(k)).sorted()
                .toList();
        if (!nonDynamic.isEmpty()) {
            throw new BrookException(ErrorCode.INVALID_REQUEST, "Cannot update these configs dynamically: Set("
                    + String.join(", ", nonDynamic) + ")");
        }
        try {
            config.with(updated);
        } catch (ConfigException e) {
            // Kafka answers INVALID_REQUEST for a broker config that does not validate (KAFKA-13609).
            throw new BrookException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        List<MetadataRecord> records = configDiff(ResourceType.BROKER, brokerName, current, updated);
        if (!validateOnly && !records.isEmpty()) {
            commit(records);
        }
    }

    private void validateBrokerName(String brokerName) {
        if (brokerName == null || brokerName.isEmpty()) {
            return;
        }
        int id;
        try {
            id = Integer.parseInt(brokerName);
        } catch (NumberFormatException e) {
            throw new BrookException(ErrorCode.INVALID_REQUEST, "Node id must be an integer, but it is: " + brokerName);
        }
        if (id != config.nodeId()) {
            throw new BrookException(ErrorCode.INVALID_REQUEST, "Unexpected broker id, expected " + config.nodeId()
                    + ", but received " + brokerName);
        }
    }

    /** Kafka's APPEND (adds values not yet present) and SUBTRACT (removes values) on a comma-separated list. */
    private static String applyListOp(ConfigOp op, String base) {
        List<String> parts = new ArrayList<>();
        if (base != null) {
            for (String part : base.split(",")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        String values = op.value() == null ? "" : op.value();
        for (String value : values.split(",")) {
            if (op.kind() == ConfigOp.Kind.APPEND) {
                if (!parts.contains(value)) {
                    parts.add(value);
                }
            } else {
                parts.remove(value);
            }
        }
        return String.join(",", parts);
    }

    private static List<MetadataRecord> configDiff(ResourceType type, String name, Map<String, String> current,
                                                   Map<String, String> updated) {
        List<MetadataRecord> records = new ArrayList<>();
        current.keySet().stream().filter(k -> !updated.containsKey(k)).sorted()
                .forEach(k -> records.add(new ConfigRecord(type, name, k, null)));
        updated.entrySet().stream().filter(e -> !e.getValue().equals(current.get(e.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> records.add(new ConfigRecord(type, name, e.getKey(), e.getValue())));
        return records;
    }

    /** Hands out a block of producer ids; returns its first id. */
    public synchronized long allocateProducerIds(int blockSize) {
        long first = image.nextProducerId();
        commit(List.of(new ProducerIdsRecord(config.nodeId(), first + blockSize)));
        return first;
    }

    private void commit(List<MetadataRecord> records) {
        long offset;
        try {
            offset = log.append(records);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the metadata log: " + e.getMessage(), e);
        }
        ImageBuilder builder = new ImageBuilder(image);
        long first = offset - records.size() + 1;
        for (int i = 0; i < records.size(); i++) {
            builder.apply(records.get(i), first + i);
        }
        image = builder.build();
        publisher.accept(image);
    }
}
