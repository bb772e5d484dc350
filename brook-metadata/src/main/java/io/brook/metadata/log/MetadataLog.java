package io.brook.metadata.log;

import io.brook.metadata.record.MetadataRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The durable, ordered log of metadata records. A single node keeps it in a local file; a
 * cluster will keep it in a Raft log. Either way a batch is appended atomically and is durable
 * when append returns.
 */
public interface MetadataLog extends Closeable {

    /** Receives replayed records in log order. */
    interface Visitor {
        void accept(MetadataRecord record, long offset);
    }

    /** Appends the records as one atomic batch; returns the offset of the last one. */
    long append(List<MetadataRecord> records) throws IOException;

    /** Calls the visitor for every committed record, from the start. */
    void replay(Visitor visitor) throws IOException;
}
