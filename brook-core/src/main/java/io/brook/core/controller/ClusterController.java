package io.brook.core.controller;

import io.brook.core.config.BrookConfig;
import io.brook.core.config.ConfigException;
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
        List<MetadataRecord> records = createTopicRecords(request);
        if (validateOnly) {
            ImageBuilder preview = new ImageBuilder(image);
            records.forEach(r -> preview.apply(r, image.lastOffset()));
            return preview.build().topic(request.name()).orElseThrow();
        }
        commit(records);
        return image.topic(request.name()).orElseThrow();
    }

    private List<MetadataRecord> createTopicRecords(NewTopic request) {
        TopicNames.validate(request.name());
        if (image.topic(request.name()).isPresent()) {
            throw new BrookException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + request.name() + "' already exists.");
        }
        String unified = TopicNames.unifyCollisionChars(request.name());
        for (String existing : image.topicsByName().keySet()) {
            if (TopicNames.unifyCollisionChars(existing).equals(unified)) {
                throw new BrookException(ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic '" + request.name()
                        + "' collides with existing topic: " + existing);
            }
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

    /** Grows the topic to {@code totalCount} partitions. */
    public synchronized void createPartitions(String name, int totalCount, List<List<Integer>> assignments,
                                              boolean validateOnly) {
        TopicImage topic = image.topic(name).orElseThrow(() -> new BrookException(
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist."));
        int current = topic.partitionCount();
        if (totalCount < current) {
            throw new BrookException(ErrorCode.INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which is higher than the requested " + totalCount + ".");
        }
        if (totalCount == current) {
            throw new BrookException(ErrorCode.INVALID_PARTITIONS, "Topic already has " + current + " partitions.");
        }
        int added = totalCount - current;
        List<List<Integer>> placement;
        if (assignments != null && !assignments.isEmpty()) {
            if (assignments.size() != added) {
                throw new BrookException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by "
                        + added + " but " + assignments.size() + " assignments provided.");
            }
            assignments.forEach(this::validateReplicas);
            placement = assignments;
        } else {
            int replicationFactor = topic.partitions().get(0).replicas().size();
            placement = placeReplicas(added, replicationFactor, current);
        }
        if (validateOnly) {
            return;
        }
        List<MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < added; i++) {
            List<Integer> replicas = placement.get(i);
            records.add(new PartitionRecord(topic.id(), current + i, replicas, replicas, replicas.get(0), 0));
        }
        commit(records);
    }

    /** Sets and removes topic config keys (IncrementalAlterConfigs; AlterConfigs replaces all). */
    public synchronized void alterTopicConfigs(String name, Map<String, String> set, Set<String> remove,
                                               boolean replaceAll, boolean validateOnly) {
        TopicImage topic = image.topic(name).orElseThrow(() -> new BrookException(
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist."));
        validateTopicConfigs(set);
        for (String key : remove) {
            if (TopicConfigs.find(key).isEmpty()) {
                throw new BrookException(ErrorCode.INVALID_CONFIG, "Unknown topic config name: " + key);
            }
        }
        List<MetadataRecord> records = new ArrayList<>();
        if (replaceAll) {
            topic.configs().keySet().stream().filter(k -> !set.containsKey(k))
                    .forEach(k -> records.add(new ConfigRecord(ResourceType.TOPIC, name, k, null)));
        }
        set.forEach((k, v) -> records.add(new ConfigRecord(ResourceType.TOPIC, name, k, v)));
        remove.forEach(k -> records.add(new ConfigRecord(ResourceType.TOPIC, name, k, null)));
        if (!validateOnly && !records.isEmpty()) {
            commit(records);
        }
    }

    /** Sets and removes dynamic broker configs; brokerName "" is the cluster-wide default. */
    public synchronized void alterBrokerConfigs(String brokerName, Map<String, String> set, Set<String> remove,
                                                boolean replaceAll, boolean validateOnly) {
        try {
            config.with(set);
        } catch (ConfigException e) {
            throw new BrookException(ErrorCode.INVALID_CONFIG, e.getMessage());
        }
        List<MetadataRecord> records = new ArrayList<>();
        if (replaceAll) {
            image.brokerConfigs().getOrDefault(brokerName, Map.of()).keySet().stream()
                    .filter(k -> !set.containsKey(k))
                    .forEach(k -> records.add(new ConfigRecord(ResourceType.BROKER, brokerName, k, null)));
        }
        set.forEach((k, v) -> records.add(new ConfigRecord(ResourceType.BROKER, brokerName, k, v)));
        remove.forEach(k -> records.add(new ConfigRecord(ResourceType.BROKER, brokerName, k, null)));
        if (!validateOnly && !records.isEmpty()) {
            commit(records);
        }
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
