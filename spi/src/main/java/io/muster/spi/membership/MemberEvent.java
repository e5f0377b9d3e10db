package io.muster.spi.membership;

import io.muster.spi.model.Member;

/** A change in the gossip pool. */
public record MemberEvent(Type type, Member member) {
    public enum Type { JOIN, UPDATE, LEAVE, FAIL, REAP }
}
