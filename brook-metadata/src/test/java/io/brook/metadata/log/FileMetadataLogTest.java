package io.brook.metadata.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.record.MetadataRecord;
import io.brook.metadata.record.MetadataRecord.ConfigRecord;
import io.brook.metadata.record.MetadataRecord.PartitionRecord;
import io.brook.metadata.record.MetadataRecord.ProducerIdsRecord;
import io.brook.metadata.record.MetadataRecord.RemoveTopicRecord;
import io.brook.metadata.record.MetadataRecord.ResourceType;
import io.brook.metadata.record.MetadataRecord.TopicRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetadataLogTest {

    @TempDir
    Path dir;

    private static final UUID ID = UUID.randomUUID();
    private static final List<MetadataRecord> BATCH = List.of(
            new TopicRecord("orders", ID),
            new PartitionRecord(ID, 0, List.of(1), List.of(1), 1, 0),
            new ConfigRecord(ResourceType.TOPIC, "orders", "retention.ms", "1000"),
            new ConfigRecord(ResourceType.BROKER, "", "log.retention.ms", null),
            new ProducerIdsRecord(1, 1000),
            new RemoveTopicRecord(ID));

    private List<MetadataRecord> replay() throws Exception {
        List<MetadataRecord> seen = new ArrayList<>();
        try (FileMetadataLog log = new FileMetadataLog(dir)) {
            log.replay((record, offset) -> {
                assertThat(offset).isEqualTo(seen.size());
                seen.add(record);
            });
        }
        return seen;
    }

    @Test
    void everyRecordTypeRoundTrips() throws Exception {
        try (FileMetadataLog log = new FileMetadataLog(dir)) {
            log.replay((r, o) -> { });
            assertThat(log.append(BATCH.subList(0, 2))).isEqualTo(1);
            assertThat(log.append(BATCH.subList(2, BATCH.size()))).isEqualTo(BATCH.size() - 1);
        }
        assertThat(replay()).isEqualTo(BATCH);
    }

    @Test
    void tornBatchAtTheEndIsDroppedAndAppendsContinue() throws Exception {
        try (FileMetadataLog log = new FileMetadataLog(dir)) {
            log.replay((r, o) -> { });
            log.append(BATCH.subList(0, 2));
            log.append(BATCH.subList(2, 4));
        }
        Path file = dir.resolve("metadata.log");
        long size = Files.size(file);
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3);
        }
        assertThat(replay()).isEqualTo(BATCH.subList(0, 2));
        try (FileMetadataLog log = new FileMetadataLog(dir)) {
            log.replay((r, o) -> { });
            assertThat(log.append(List.of(BATCH.get(4)))).isEqualTo(2);
        }
        assertThat(replay()).containsExactly(BATCH.get(0), BATCH.get(1), BATCH.get(4));
    }
}
