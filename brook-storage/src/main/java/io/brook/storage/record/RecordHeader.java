package io.brook.storage.record;

/** One record header: a UTF-8 key and a nullable value. */
public record RecordHeader(String key, byte[] value) {
}
