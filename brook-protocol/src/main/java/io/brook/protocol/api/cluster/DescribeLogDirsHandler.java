package io.brook.protocol.api.cluster;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeLogDirs: every log directory (absolute path), the partitions it holds with their size
 * on disk (no future replicas, no lag on a single node) and, from v4, the file store's total and
 * usable bytes. A null topic list means every partition.
 */
@KafkaApi(value = ApiKey.DESCRIBE_LOG_DIRS, min = 1, max = 5)
public final class DescribeLogDirsHandler implements SyncApiHandler<DescribeLogDirsRequestData> {

    private final PartitionManager partitions;
    private final List<Path> logDirs;

    public DescribeLogDirsHandler(PartitionManager partitions, List<Path> logDirs) {
        this.partitions = partitions;
        this.logDirs = logDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeLogDirsRequestData request) {
        Map<String, Set<Integer>> wanted = null;
        if (request.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (DescribableLogDirTopic topic : request.topics()) {
                wanted.computeIfAbsent(topic.topic(), t -> new java.util.HashSet<>()).addAll(topic.partitions());
            }
        }
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData();
        for (Path dir : logDirs) {
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
            if (!Files.isDirectory(dir)) {
                response.results().add(result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()));
                continue;
            }
            Map<String, List<Partition>> byTopic = new TreeMap<>();
            for (Partition partition : partitions.all()) {
                Path partitionDir = partition.dir().toAbsolutePath().normalize();
                if (!dir.equals(partitionDir.getParent())) {
                    continue;
                }
                String topic = partition.topicPartition().topic();
                if (wanted != null && !wanted.getOrDefault(topic, Set.of())
                        .contains(partition.topicPartition().partition())) {
                    continue;
                }
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(partition);
            }
            byTopic.forEach((topic, list) -> result.topics().add(new DescribeLogDirsTopic().setName(topic)
                    .setPartitions(list.stream()
                            .sorted(Comparator.comparingInt(p -> p.topicPartition().partition()))
                            .map(p -> new DescribeLogDirsPartition().setPartitionIndex(p.topicPartition().partition())
                                    .setPartitionSize(p.log().sizeInBytes()).setOffsetLag(0).setIsFutureKey(false))
                            .collect(Collectors.toList()))));
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                // leave the schema defaults (-1): unknown
            }
            response.results().add(result);
        }
        return response;
    }
}
