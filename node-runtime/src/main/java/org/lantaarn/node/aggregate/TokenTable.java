package org.lantaarn.node.aggregate;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * An open-addressing hash table from 64-bit tokens to {@code int} values, with linear probing, that grows
 * from a small size up to a fixed number of slots and never beyond: memory is bounded by
 * {@code maxSlots * 12} bytes. It holds at most {@code maxSlots / 2} tokens (load factor 1/2), after which
 * {@link #isFull()} says so and the owner decides what to do. Removal uses backward-shift deletion, so no
 * tombstones build up. Tokens are keyed hashes already; they are mixed once more only to spread them over
 * the slots. Not thread-safe.
 */
final class TokenTable {
    /** The value {@link #get} returns for an absent token. */
    static final int ABSENT = Integer.MIN_VALUE;
    private static final int INITIAL_SLOTS = 1024;

    private final int maxSlots;
    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasZero;
    private int zeroValue;

    /** @param maxSlots a power of two, at least 1024 */
    TokenTable(int maxSlots) {
        if (Integer.bitCount(maxSlots) != 1 || maxSlots < INITIAL_SLOTS) {
            throw new IllegalArgumentException("maxSlots must be a power of two of at least 1024: " + maxSlots);
        }
        this.maxSlots = maxSlots;
        this.keys = new long[INITIAL_SLOTS];
        this.values = new int[INITIAL_SLOTS];
    }

    /** The most tokens the table can hold. */
    int capacity() {
        return maxSlots / 2;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean isFull() {
        return size() >= capacity();
    }

    /** Bytes held by the table's arrays now; at most {@link #maxBytes(int)}. */
    long bytes() {
        return (long) keys.length * Long.BYTES + (long) values.length * Integer.BYTES;
    }

    /** The bound on {@link #bytes()} for a table of {@code maxSlots} slots. */
    static long maxBytes(int maxSlots) {
        return (long) maxSlots * (Long.BYTES + Integer.BYTES);
    }

    /** Mixes a token (the finaliser of MurmurHash3) so that both its high and low bits are well spread. */
    static long mix(long t) {
        t ^= t >>> 33;
        t *= 0xff51afd7ed558ccdL;
        t ^= t >>> 33;
        t *= 0xc4ceb9fe1a85ec53L;
        t ^= t >>> 33;
        return t;
    }

    int get(long token) {
        if (token == 0) {
            return hasZero ? zeroValue : ABSENT;
        }
        int mask = keys.length - 1;
        for (int i = (int) mix(token) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == token) {
                return values[i];
            }
            if (k == 0) {
                return ABSENT;
            }
        }
    }

    /**
     * Sets the value of {@code token}. A new token is added only when the table is not full; returns false
     * when it was not added.
     */
    boolean put(long token, int value) {
        if (token == 0) {
            if (!hasZero && isFull()) {
                return false;
            }
            if (!hasZero) {
                hasZero = true;
            }
            zeroValue = value;
            return true;
        }
        int mask = keys.length - 1;
        int i = (int) mix(token) & mask;
        for (; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == token) {
                values[i] = value;
                return true;
            }
            if (k == 0) {
                break;
            }
        }
        if (isFull()) {
            return false;
        }
        keys[i] = token;
        values[i] = value;
        size++;
        if (size * 2 > keys.length && keys.length < maxSlots) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = (int) mix(k) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
        Arrays.fill(oldKeys, 0);
    }

    /** Removes every token for which {@code remove} is true, in place (backward-shift deletion). */
    void removeIf(LongPredicate remove) {
        if (hasZero && remove.test(0)) {
            hasZero = false;
        }
        int mask = keys.length - 1;
        for (int i = 0; i < keys.length; ) {
            long k = keys[i];
            if (k != 0 && remove.test(k)) {
                deleteAt(i, mask);
                // another entry may have moved into slot i: look at it again
            } else {
                i++;
            }
        }
    }

    private void deleteAt(int hole, int mask) {
        keys[hole] = 0;
        size--;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = (int) mix(keys[j]) & mask;
            // move j into the hole when its home is not cyclically in (hole, j]
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                keys[j] = 0;
                hole = j;
            }
        }
    }

    /** Calls {@code visitor} with every token's value. */
    void forEachValue(java.util.function.IntConsumer visitor) {
        if (hasZero) {
            visitor.accept(zeroValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                visitor.accept(values[i]);
            }
        }
    }

    /** Forgets every token and overwrites the arrays with zeros; shrinks back to the initial size. */
    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, 0);
        if (keys.length > INITIAL_SLOTS) {
            keys = new long[INITIAL_SLOTS];
            values = new int[INITIAL_SLOTS];
        }
        size = 0;
        hasZero = false;
        zeroValue = 0;
    }
}
