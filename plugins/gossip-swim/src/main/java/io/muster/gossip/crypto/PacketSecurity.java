package io.muster.gossip.crypto;

import io.muster.gossip.swim.MessageCodec;

/**
 * Applies Consul's {@code encrypt_verify_incoming} / {@code encrypt_verify_outgoing}: with both on (the
 * default when a key is set) every packet and stream is encrypted and plaintext is refused; turning them
 * off lets a cluster switch encryption on without downtime.
 */
public final class PacketSecurity {
    private final Keyring keyring;
    private final boolean verifyIncoming;
    private final boolean verifyOutgoing;

    public PacketSecurity(Keyring keyring, boolean verifyIncoming, boolean verifyOutgoing) {
        this.keyring = keyring;
        this.verifyIncoming = verifyIncoming;
        this.verifyOutgoing = verifyOutgoing;
    }

    public static PacketSecurity plaintext() {
        return new PacketSecurity(null, false, false);
    }

    public Keyring keyring() {
        return keyring;
    }

    public boolean encrypted() {
        return keyring != null;
    }

    public byte[] seal(byte[] plain) {
        return keyring != null && verifyOutgoing ? keyring.encrypt(plain) : plain;
    }

    /** @throws Keyring.DecryptionException with the reason the bytes were refused */
    public byte[] open(byte[] data) {
        if (keyring == null) {
            if (!MessageCodec.looksPlain(data)) {
                throw new Keyring.DecryptionException("it is encrypted but this agent has no gossip key (set `encrypt`)");
            }
            return data;
        }
        if (MessageCodec.looksPlain(data)) {
            if (verifyIncoming) {
                throw new Keyring.DecryptionException("it is not encrypted and encrypt_verify_incoming is on");
            }
            return data;
        }
        return keyring.decrypt(data);
    }
}
