package io.brook.protocol.codec;

import io.brook.storage.FileSlice;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * Fetched record batches that are still on disk: a slice of a segment file. The response writer
 * sends it with a file region (sendfile on plaintext), so fetched bytes never enter the heap.
 */
public final class FileSliceRecords implements BaseRecords {

    private final FileSlice slice;

    public FileSliceRecords(FileSlice slice) {
        this.slice = slice;
    }

    public FileSlice slice() {
        return slice;
    }

    @Override
    public int sizeInBytes() {
        return slice.size();
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("Brook writes file slices through ResponseWriter");
    }
}
