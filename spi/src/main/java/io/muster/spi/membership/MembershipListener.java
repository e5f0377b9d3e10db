package io.muster.spi.membership;

/** Receives gossip events. Called on the membership plugin's own thread: must not block. */
public interface MembershipListener {
    /** A change in the LAN pool. */
    void onMemberEvent(MemberEvent event);

    /** A change in the WAN pool (servers only); ignored unless the kernel tracks WAN members. */
    default void onWanMemberEvent(MemberEvent event) {
    }

    void onUserEvent(UserEvent event);
}
