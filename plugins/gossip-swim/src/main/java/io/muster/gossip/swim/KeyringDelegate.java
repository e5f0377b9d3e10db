package io.muster.gossip.swim;

import java.util.List;

/** Applies keyring operations to this member's keyring; called on the protocol thread, must not block long. */
public interface KeyringDelegate {
    /** @return null on success, otherwise the error text to report back */
    String apply(Message.KeyringOperation operation, String key);

    List<String> keys();

    String primaryKey();

    KeyringDelegate NONE = new KeyringDelegate() {
        @Override
        public String apply(Message.KeyringOperation operation, String key) {
            return "gossip encryption is not enabled on this agent (no encrypt key configured)";
        }

        @Override
        public List<String> keys() {
            return List.of();
        }

        @Override
        public String primaryKey() {
            return "";
        }
    };
}
