package io.brook.core.group;

import java.util.List;

/**
 * Where the coordinator writes its records: one partition of {@code __consumer_offsets}. An append
 * returns once the records are in the partition log (so a response sent after it survives a
 * restart); it throws a {@link io.brook.core.error.BrookException} when they could not be written.
 */
public interface CoordinatorLog {

    void append(int partition, List<CoordinatorRecord> records);
}
