package org.lantaarn.node.privacy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns device addresses into keyed tokens: {@code token = HMAC-SHA256(key, address)} truncated to its first
 * 64 bits (big-endian). The 256-bit key is drawn from {@link SecureRandom} by each instance — so each node
 * and each stream has its own — lives only in this object's memory (never logged, written or sent), and is
 * replaced when its epoch ends. Epochs are aligned on the clock at multiples of the rotation period since
 * 1970 (a 60 min rotation changes key on the hour), so a window that divides the rotation never straddles
 * two keys. When a key is replaced, its bytes, the HMAC pads and the SHA-256 states derived from it are
 * overwritten with zeros (the states reset to SHA-256's initial value).
 *
 * <p>HMAC (RFC 2104) is computed here over {@link MessageDigest} rather than with {@code javax.crypto.Mac},
 * because {@code SecretKeySpec} keeps a private copy of the key that cannot be wiped; a test checks the
 * result against {@code Mac}. The SHA-256 states after absorbing {@code key ^ ipad} and {@code key ^ opad}
 * are computed once per key and cloned for each token, which saves two of the four SHA-256 compressions
 * per token; each per-token clone ends in {@code digest}, which resets it, so no key-derived state is left
 * in a discarded object, and the two kept states are {@link MessageDigest#reset() reset} with the key.
 *
 * <p>Thread-safe (synchronised): the capture thread takes tokens while the scheduler may rotate.
 */
public final class KeyedTokens implements AutoCloseable {
    private static final int BLOCK = 64;
    private static final int KEY_BYTES = 32;

    private final SecureRandom random;
    private final Clock clock;
    private final long rotationMillis;
    private final MessageDigest sha256;

    private byte[] key = new byte[KEY_BYTES];
    private byte[] innerPad = new byte[BLOCK];
    private byte[] outerPad = new byte[BLOCK];
    /** SHA-256 after {@code key ^ ipad}, {@code key ^ opad}: key-derived, reset by {@link #wipe()}. */
    private MessageDigest innerState;
    private MessageDigest outerState;
    private final byte[] inner = new byte[32];
    private final byte[] mac = new byte[32];
    private Instant epochStart;
    private Instant epochEnd;
    private long epochEndMillis;
    private long rotations;
    private boolean closed;

    public KeyedTokens(SecureRandom random, Clock clock, Duration rotation) {
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (rotation == null || rotation.toMillis() < 1) {
            throw new IllegalArgumentException("key rotation must be at least 1 ms: " + rotation);
        }
        this.rotationMillis = rotation.toMillis();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        newKey(clock.instant());
    }

    /** A node's tokens with a key from a fresh {@link SecureRandom}. */
    public static KeyedTokens create(Clock clock, Duration rotation) {
        return new KeyedTokens(new SecureRandom(), clock, rotation);
    }

    /**
     * The token of the 6-byte address in {@code address[0..6)} under the current key, rotating first when the
     * epoch has ended. Reads the address and keeps nothing of it.
     */
    public synchronized long token(byte[] address) {
        if (closed) {
            throw new IllegalStateException("keyed tokens are closed: the key is gone");
        }
        if (clock.millis() >= epochEndMillis) { // millis(): no Instant per probe
            rotateIfDueLocked(clock.instant());
        }
        try {
            MessageDigest h = copy(innerState);
            h.update(address, 0, 6);
            h.digest(inner, 0, inner.length); // digest resets h: SHA-256's initial state, buffer zeroed
            h = copy(outerState);
            h.update(inner);
            h.digest(mac, 0, mac.length);
            long t = 0;
            for (int i = 0; i < 8; i++) {
                t = t << 8 | (mac[i] & 0xff);
            }
            return t;
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused its own digest length", e);
        } finally {
            Arrays.fill(inner, (byte) 0);
            Arrays.fill(mac, (byte) 0);
        }
    }

    private static MessageDigest copy(MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
        }
    }

    /** When the current key came into use. */
    public synchronized Instant epochStart() {
        return epochStart;
    }

    /** When the current key will be replaced. */
    public synchronized Instant epochEnd() {
        return epochEnd;
    }

    /** How many times the key has been replaced. */
    public synchronized long rotations() {
        return rotations;
    }

    /** Replaces the key if its epoch has ended; called by the capture and by a timer, so a silent stream rotates too. */
    public synchronized void rotateIfDue() {
        if (!closed) {
            rotateIfDueLocked(clock.instant());
        }
    }

    private void rotateIfDueLocked(Instant now) {
        if (!now.isBefore(epochEnd)) {
            wipe();
            key = new byte[KEY_BYTES];
            innerPad = new byte[BLOCK];
            outerPad = new byte[BLOCK];
            newKey(now); // new state objects too: the old ones stay reset
            rotations++;
        }
    }

    private void newKey(Instant now) {
        random.nextBytes(key);
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < KEY_BYTES ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        sha256.update(innerPad); // one whole block: compressed straight into the state, the buffer stays empty
        innerState = copy(sha256);
        sha256.reset();
        sha256.update(outerPad);
        outerState = copy(sha256);
        sha256.reset();
        long start = Math.floorDiv(now.toEpochMilli(), rotationMillis) * rotationMillis;
        epochStart = now; // the key exists from now, though its epoch is aligned on the clock
        epochEndMillis = start + rotationMillis;
        epochEnd = Instant.ofEpochMilli(epochEndMillis);
    }

    private void wipe() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        innerState.reset(); // back to SHA-256's initial state: nothing of the key is left in it
        outerState.reset();
    }

    /** Wipes the key; no token can be made afterwards. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        wipe();
    }

    /** The current key's bytes, for the test that checks they are wiped. Package-private on purpose. */
    synchronized byte[] keyMaterialForTest() {
        return key;
    }

    /** The current pads, for the same test. */
    synchronized byte[][] padsForTest() {
        return new byte[][] {innerPad, outerPad};
    }

    /** The current key-derived SHA-256 states (inner, outer), for the same test. */
    synchronized MessageDigest[] statesForTest() {
        return new MessageDigest[] {innerState, outerState};
    }
}
