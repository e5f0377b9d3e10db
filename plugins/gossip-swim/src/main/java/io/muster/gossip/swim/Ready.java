package io.muster.gossip.swim;

import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.UserEvent;

import java.util.List;

/**
 * What the state machine produced since the last {@link SwimState#ready()}: messages for the I/O layer,
 * events for the kernel's listener, finished keyring operations and warnings for the operator's log.
 */
public record Ready(List<Outbound> outbound, List<MemberEvent> memberEvents, List<UserEvent> userEvents,
                    List<KeyringResult> keyringResults, List<String> warnings) {
    public Ready {
        outbound = List.copyOf(outbound);
        memberEvents = List.copyOf(memberEvents);
        userEvents = List.copyOf(userEvents);
        keyringResults = List.copyOf(keyringResults);
        warnings = List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return outbound.isEmpty() && memberEvents.isEmpty() && userEvents.isEmpty() && keyringResults.isEmpty()
                && warnings.isEmpty();
    }
}
