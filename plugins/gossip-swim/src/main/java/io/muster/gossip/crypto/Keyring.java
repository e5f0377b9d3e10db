package io.muster.gossip.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Gossip encryption keys, as Consul's {@code encrypt} and keyring commands manage them: the primary key
 * encrypts, every installed key may decrypt, so a key can be rolled out (install, use, remove) without a
 * partition. Packets are sealed with AES-GCM as {@code version(1) | nonce(12) | ciphertext+tag(16)}.
 * Thread-safe: the key list is an immutable snapshot swapped on change.
 */
public final class Keyring {
    public static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    /** Primary first. */
    private volatile List<byte[]> keys;

    private Keyring(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @param base64Keys primary first; each a base64 AES key of 16, 24 or 32 bytes */
    public static Keyring of(List<String> base64Keys) {
        if (base64Keys.isEmpty()) {
            throw new IllegalArgumentException("a gossip keyring needs at least one key");
        }
        List<byte[]> decoded = new ArrayList<>();
        for (String k : base64Keys) {
            byte[] key = decodeKey(k);
            if (decoded.stream().noneMatch(d -> Arrays.equals(d, key))) {
                decoded.add(key);
            }
        }
        return new Keyring(decoded);
    }

    /** Checks a key as Consul's {@code encrypt} option and {@code keyring -install} do. */
    public static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gossip encryption key is not valid base64 (generate one with `muster keygen`)");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("gossip encryption key must decode to 16, 24 or 32 bytes, got " + key.length
                    + " (generate one with `muster keygen`)");
        }
        return key;
    }

    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (byte[] k : keys) {
            out.add(Base64.getEncoder().encodeToString(k));
        }
        return List.copyOf(out);
    }

    public String primaryKey() {
        return Base64.getEncoder().encodeToString(keys.get(0));
    }

    /** @return null on success, else serf's error text */
    public synchronized String install(String base64) {
        byte[] key;
        try {
            key = decodeKey(base64);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (indexOf(key) < 0) {
            List<byte[]> next = new ArrayList<>(keys);
            next.add(key);
            keys = List.copyOf(next);
        }
        return null;
    }

    public synchronized String use(String base64) {
        int i = indexOf(base64);
        if (i < 0) {
            return "Requested key is not in the keyring";
        }
        List<byte[]> next = new ArrayList<>(keys);
        next.add(0, next.remove(i));
        keys = List.copyOf(next);
        return null;
    }

    public synchronized String remove(String base64) {
        int i = indexOf(base64);
        if (i == 0) {
            return "Removing the primary key is not allowed";
        }
        if (i < 0) {
            return "Requested key is not in the keyring";
        }
        List<byte[]> next = new ArrayList<>(keys);
        next.remove(i);
        keys = List.copyOf(next);
        return null;
    }

    private int indexOf(String base64) {
        try {
            return indexOf(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private int indexOf(byte[] key) {
        List<byte[]> snapshot = keys;
        for (int i = 0; i < snapshot.size(); i++) {
            if (Arrays.equals(snapshot.get(i), key)) {
                return i;
            }
        }
        return -1;
    }

    public byte[] encrypt(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(0), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /** @throws DecryptionException when no installed key opens the packet, or it is not an encrypted packet */
    public byte[] decrypt(byte[] data) {
        if (data.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new DecryptionException("packet of " + data.length + " bytes is too short to be encrypted gossip");
        }
        if (data[0] != VERSION) {
            throw new DecryptionException("unsupported gossip encryption version " + data[0]);
        }
        GCMParameterSpec nonce = new GCMParameterSpec(TAG_BITS, data, 1, NONCE_BYTES);
        for (byte[] key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), nonce);
                return cipher.doFinal(data, 1 + NONCE_BYTES, data.length - 1 - NONCE_BYTES);
            } catch (AEADBadTagException wrongKey) {
                // try the next installed key: during a rotation peers may still use an older primary
                continue;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
            }
        }
        throw new DecryptionException("no installed gossip key decrypts it (is the encrypt key the same on every agent?)");
    }

    /** An incoming packet or stream that this keyring cannot open. */
    public static final class DecryptionException extends RuntimeException {
        public DecryptionException(String message) {
            super(message);
        }
    }
}
