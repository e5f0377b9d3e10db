package io.muster.gossip.crypto;

import io.muster.gossip.swim.Message;
import io.muster.gossip.swim.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyringTest {
    static final String K1 = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
    static final String K2 = "DiZYvrhLk7Ux8cJ0bKdoLyZVeLLXy9bsvSSp7xG3mXc=";
    static final String K16 = "3lg9DxVfKNzI8O+IQ5Ek+Q==";

    @Test
    void encryptsWithThePrimaryAndDecryptsWithAnyInstalledKey() {
        byte[] plain = MessageCodec.encode(new Message.Ping(1, "b", "a", "127.0.0.1:8301"));
        Keyring old = Keyring.of(List.of(K1));
        Keyring rotating = Keyring.of(List.of(K2, K1));

        byte[] sealed = old.encrypt(plain);
        assertThat(sealed[0]).isEqualTo(Keyring.VERSION);
        assertThat(sealed.length).isEqualTo(plain.length + 1 + 12 + 16);
        assertThat(rotating.decrypt(sealed)).isEqualTo(plain);
        assertThat(Keyring.of(List.of(K16)).decrypt(Keyring.of(List.of(K16)).encrypt(plain))).isEqualTo(plain);
    }

    @Test
    void aWrongKeyOrATamperedPacketIsRejected() {
        byte[] sealed = Keyring.of(List.of(K1)).encrypt(new byte[] {MessageCodec.MAGIC, 3, 0, 0, 0, 0, 0, 0, 0, 1});
        assertThatThrownBy(() -> Keyring.of(List.of(K2)).decrypt(sealed))
                .isInstanceOf(Keyring.DecryptionException.class)
                .hasMessageContaining("same on every agent");
        sealed[20] ^= 1;
        assertThatThrownBy(() -> Keyring.of(List.of(K1)).decrypt(sealed)).isInstanceOf(Keyring.DecryptionException.class);
    }

    @Test
    void keysAreValidatedLikeConsulsEncryptOption() {
        assertThatThrownBy(() -> Keyring.of(List.of("not base64!"))).hasMessageContaining("base64");
        assertThatThrownBy(() -> Keyring.of(List.of("AAAA"))).hasMessageContaining("16, 24 or 32 bytes, got 3");
    }

    @Test
    void installUseRemoveFollowSerfRules() {
        Keyring k = Keyring.of(List.of(K1));
        assertThat(k.use(K2)).isEqualTo("Requested key is not in the keyring");
        assertThat(k.install(K2)).isNull();
        assertThat(k.keys()).containsExactly(K1, K2);
        assertThat(k.remove(K1)).isEqualTo("Removing the primary key is not allowed");
        assertThat(k.use(K2)).isNull();
        assertThat(k.primaryKey()).isEqualTo(K2);
        assertThat(k.remove(K1)).isNull();
        assertThat(k.keys()).containsExactly(K2);
    }

    @Test
    void verifyIncomingDecidesWhetherPlaintextIsAccepted() {
        byte[] plain = MessageCodec.encode(new Message.Ack(5));
        Keyring k = Keyring.of(List.of(K1));

        assertThatThrownBy(() -> new PacketSecurity(k, true, true).open(plain)).hasMessageContaining("encrypt_verify_incoming");
        assertThat(new PacketSecurity(k, false, true).open(plain)).isEqualTo(plain);
        assertThat(new PacketSecurity(k, false, false).seal(plain)).as("verify_outgoing off sends plaintext").isEqualTo(plain);
        byte[] sealed = new PacketSecurity(k, true, true).seal(plain);
        assertThat(new PacketSecurity(k, false, false).open(sealed)).isEqualTo(plain);
        assertThatThrownBy(() -> PacketSecurity.plaintext().open(sealed)).hasMessageContaining("no gossip key");
    }

    @Test
    void keyringFileRoundTripsPrimaryFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("serf/local.keyring");
        KeyringFile.write(file, List.of(K2, K1));

        assertThat(KeyringFile.read(file)).containsExactly(K2, K1);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("[\"" + K2 + "\",\"" + K1 + "\"]");
    }
}
