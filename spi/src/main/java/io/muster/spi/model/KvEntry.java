package io.muster.spi.model;

/**
 * One key of the KV store as Consul returns it. {@code value} may be null (a key with no value);
 * callers must not mutate the array. {@code session} is the id of the session holding the lock, or null.
 */
public record KvEntry(String key, long createIndex, long modifyIndex, long lockIndex, long flags,
                      byte[] value, String session) {
}
