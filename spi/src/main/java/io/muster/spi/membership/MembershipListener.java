package io.muster.spi.membership;

/** Receives gossip events. Called on the membership plugin's own thread: must not block. */
public interface MembershipListener {
    void onMemberEvent(MemberEvent event);

    void onUserEvent(UserEvent event);
}
