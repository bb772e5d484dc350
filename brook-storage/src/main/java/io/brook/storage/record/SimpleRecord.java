package io.brook.storage.record;

import java.util.List;

/** Input to {@link RecordBatchWriter}: nullable key and value, a timestamp, headers. */
public record SimpleRecord(byte[] key, byte[] value, long timestamp, List<RecordHeader> headers) {
    public SimpleRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public SimpleRecord(byte[] key, byte[] value, long timestamp) {
        this(key, value, timestamp, List.of());
    }
}
