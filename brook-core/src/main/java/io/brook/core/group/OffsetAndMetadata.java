package io.brook.core.group;

/**
 * A committed offset. leaderEpoch is -1 when unknown; expireTimestamp is -1 unless an old client
 * (OffsetCommit v2-v4) asked for a retention time.
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata, long commitTimestamp,
                                long expireTimestamp) {

    public OffsetAndMetadata {
        metadata = metadata == null ? "" : metadata;
    }
}
