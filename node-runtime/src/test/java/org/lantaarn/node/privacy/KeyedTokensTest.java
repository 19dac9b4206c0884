package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.testing.ManualClock;

class KeyedTokensTest {
    private static final byte[] ADDRESS = {(byte) 0xda, (byte) 0xa1, 0x19, 0x12, 0x34, 0x56};
    private final ManualClock clock = ManualClock.at("2026-07-21T10:17:00Z");

    /** A SecureRandom that hands out a known key, so the token can be checked against javax.crypto.Mac. */
    private static final class KnownKey extends SecureRandom {
        private static final long serialVersionUID = 1L;
        byte next = 1;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (next + i);
            }
            next += 40;
        }
    }

    @Test
    void a_token_is_the_first_64_bits_of_hmac_sha256_of_the_address_under_the_key() throws Exception {
        KeyedTokens tokens = new KeyedTokens(new KnownKey(), clock, Duration.ofMinutes(60));
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (1 + i);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        long expected = ByteBuffer.wrap(mac.doFinal(ADDRESS)).getLong();

        assertThat(tokens.token(ADDRESS)).isEqualTo(expected);
        assertThat(tokens.token(ADDRESS)).as("stable within the epoch").isEqualTo(expected);
    }

    @Test
    void the_same_address_in_two_key_epochs_gives_different_tokens() {
        KeyedTokens tokens = KeyedTokens.create(clock, Duration.ofMinutes(60));
        long first = tokens.token(ADDRESS);
        Instant firstEpoch = tokens.epochStart();

        clock.set(Instant.parse("2026-07-21T11:00:00Z")); // the next epoch starts on the hour
        long second = tokens.token(ADDRESS);

        assertThat(tokens.rotations()).isEqualTo(1);
        assertThat(tokens.epochStart()).isAfter(firstEpoch).isEqualTo(Instant.parse("2026-07-21T11:00:00Z"));
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void the_same_address_on_two_nodes_in_the_same_epoch_gives_different_tokens() {
        // Each node's driver makes its own KeyedTokens, with its own key from its own SecureRandom.
        KeyedTokens nodeA = KeyedTokens.create(clock, Duration.ofMinutes(60));
        KeyedTokens nodeB = KeyedTokens.create(clock, Duration.ofMinutes(60));

        assertThat(nodeA.epochEnd()).isEqualTo(nodeB.epochEnd());
        assertThat(nodeA.token(ADDRESS)).isNotEqualTo(nodeB.token(ADDRESS));
    }

    @Test
    void the_replaced_key_its_hmac_pads_and_its_precomputed_sha256_states_are_wiped() throws Exception {
        KeyedTokens tokens = KeyedTokens.create(clock, Duration.ofMinutes(60));
        tokens.token(ADDRESS);
        byte[] oldKey = tokens.keyMaterialForTest(); // hold the very array the key lives in
        byte[][] oldPads = tokens.padsForTest();
        MessageDigest[] oldStates = tokens.statesForTest(); // hold the very objects the pad states live in
        byte[] copy = oldKey.clone();
        assertThat(copy).as("a real key is not all zeros").isNotEqualTo(new byte[32]);
        assertThat(hashOfNothing(oldStates[0])).as("the inner state holds the key").isNotEqualTo(emptySha256());
        assertThat(hashOfNothing(oldStates[1])).as("the outer state holds the key").isNotEqualTo(emptySha256());

        clock.advance(Duration.ofMinutes(43)); // 11:00: the epoch has ended
        tokens.rotateIfDue();

        assertThat(oldKey).containsOnly(0);
        assertThat(oldPads[0]).containsOnly(0);
        assertThat(oldPads[1]).containsOnly(0);
        assertThat(hashOfNothing(oldStates[0])).as("inner state reset to SHA-256's initial state").isEqualTo(emptySha256());
        assertThat(hashOfNothing(oldStates[1])).as("outer state reset to SHA-256's initial state").isEqualTo(emptySha256());
        assertThat(tokens.keyMaterialForTest()).isNotSameAs(oldKey).isNotEqualTo(copy).isNotEqualTo(new byte[32]);
        assertThat(tokens.statesForTest()[0]).isNotSameAs(oldStates[0]);
    }

    @Test
    void closing_wipes_the_key_and_its_sha256_states_and_no_token_can_be_made_afterwards() throws Exception {
        KeyedTokens tokens = KeyedTokens.create(clock, Duration.ofMinutes(60));
        byte[] key = tokens.keyMaterialForTest();
        MessageDigest[] states = tokens.statesForTest();
        tokens.close();
        assertThat(key).containsOnly(0);
        assertThat(hashOfNothing(states[0])).isEqualTo(emptySha256());
        assertThat(hashOfNothing(states[1])).isEqualTo(emptySha256());
        assertThatThrownBy(() -> tokens.token(ADDRESS)).isInstanceOf(IllegalStateException.class);
    }

    /** What the state hashes to with no more input: SHA-256 of nothing exactly when nothing of the key is left in it. */
    private static byte[] hashOfNothing(MessageDigest state) throws Exception {
        return ((MessageDigest) state.clone()).digest();
    }

    private static byte[] emptySha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest();
    }

    @Test
    void epochs_are_aligned_on_the_clock_so_windows_that_divide_the_rotation_never_straddle_two_keys() {
        KeyedTokens tokens = KeyedTokens.create(clock, Duration.ofMinutes(15));
        assertThat(tokens.epochStart()).isEqualTo(clock.instant()); // the first key exists from the start
        assertThat(tokens.epochEnd()).isEqualTo(Instant.parse("2026-07-21T10:30:00Z"));
    }
}
