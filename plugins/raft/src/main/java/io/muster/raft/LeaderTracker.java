package io.muster.raft;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Who leads, as this server last saw it, and when it last heard from that leader. Fed by the raft protocol's
 * leader field (polled and on role changes) and by every message from the leader's address (heartbeats
 * included). Time comes from an injected millisecond clock so tests drive it.
 */
final class LeaderTracker {
    /** A leadership change worth telling listeners about. */
    record Change(boolean isLeader, Optional<String> leaderId) {
    }

    private final String selfId;
    private final LongSupplier nowMillis;
    private String leaderId;
    private long lastContact;

    LeaderTracker(String selfId, LongSupplier nowMillis) {
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.nowMillis = nowMillis;
        this.lastContact = nowMillis.getAsLong();
    }

    /** Records the current leader (null when none); returns the change if it differs from what was known. */
    synchronized Optional<Change> leaderIs(String id) {
        if (Objects.equals(id, leaderId)) {
            return Optional.empty();
        }
        leaderId = id;
        if (id != null) {
            // a newly learnt leader was just heard of, through the election or its first message
            lastContact = nowMillis.getAsLong();
        }
        return Optional.of(new Change(selfId.equals(id), Optional.ofNullable(id)));
    }

    synchronized void heardFromLeader() {
        lastContact = nowMillis.getAsLong();
    }

    synchronized Optional<String> leaderId() {
        return Optional.ofNullable(leaderId);
    }

    synchronized boolean isLeader() {
        return selfId.equals(leaderId);
    }

    /** 0 on the leader; otherwise milliseconds since the leader was last heard from (or since start, if never). */
    synchronized long lastContactMillis() {
        if (selfId.equals(leaderId)) {
            return 0;
        }
        return Math.max(0, nowMillis.getAsLong() - lastContact);
    }
}
