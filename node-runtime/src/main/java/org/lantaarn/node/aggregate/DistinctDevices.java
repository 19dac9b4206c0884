package org.lantaarn.node.aggregate;

/**
 * The distinct devices of one window, by token, each with whether its address was randomised, the
 * longest dwell seen for it and how many of its probe requests count (at most the clip). Exact up to {@link #EXACT_UP_TO} devices in a fixed memory bound of
 * {@link #MAX_BYTES} bytes; beyond that it keeps a uniform sample of the tokens (adaptive distinct
 * sampling: at level {@code L} only tokens whose mixed hash starts with {@code L} zero bits are kept, and
 * each kept token stands for {@code 2^L} devices), so the count becomes an estimate with a relative
 * standard error of about {@code sqrt((1 - 2^-L) / kept)} — below 0.4 % — which {@link #relativeError()}
 * reports. Nothing here is ever stored or published: the window's values are counts computed from it,
 * and the table is wiped when the window has been aggregated. Not thread-safe.
 */
final class DistinctDevices {
    /** Slots of the table: 2^18. */
    static final int SLOTS = 1 << 18;
    /** Devices counted exactly: 131,072. */
    static final int EXACT_UP_TO = SLOTS / 2;
    /** The memory bound of the table's arrays: 3 MiB. */
    static final long MAX_BYTES = TokenTable.maxBytes(SLOTS);
    /** The value stored for a device whose dwell is not known: 20 bits, beyond any key epoch (at most 24 h). */
    static final int DWELL_UNKNOWN = (1 << 20) - 1;
    /** The largest per-device clip of probe requests the table can hold (10 bits). */
    static final int MAX_CLIP = (1 << 10) - 1;

    private static final int RANDOMISED = 1 << 30;
    private static final int PROBE_SHIFT = 20;
    private static final int PROBE_MASK = MAX_CLIP << PROBE_SHIFT;

    private final TokenTable table;
    private final int clip;
    private int level;

    DistinctDevices() {
        this(SLOTS, 10);
    }

    /** @param clip how many probe requests of one device count in the window, 1 to {@link #MAX_CLIP} */
    DistinctDevices(int slots, int clip) {
        if (clip < 1 || clip > MAX_CLIP) {
            throw new IllegalArgumentException("probe clip must be between 1 and " + MAX_CLIP + ": " + clip);
        }
        this.table = new TokenTable(slots);
        this.clip = clip;
    }

    /** Records a probe request of a device with its dwell so far in seconds ({@link #DWELL_UNKNOWN} when not known). */
    void add(long token, boolean randomised, int dwellSeconds) {
        long mixed = TokenTable.mix(token);
        if (!sampled(mixed, level)) {
            return;
        }
        int dwell = Math.min(Math.max(dwellSeconds, 0), DWELL_UNKNOWN);
        int old = table.get(token);
        if (old != TokenTable.ABSENT) {
            int oldDwell = old & DWELL_UNKNOWN;
            int best = oldDwell == DWELL_UNKNOWN ? dwell : dwell == DWELL_UNKNOWN ? oldDwell : Math.max(oldDwell, dwell);
            int probes = Math.min(clip, ((old & PROBE_MASK) >>> PROBE_SHIFT) + 1);
            table.put(token, (old & RANDOMISED) | probes << PROBE_SHIFT | best);
            return;
        }
        while (table.isFull()) {
            level++;
            int l = level;
            table.removeIf(t -> !sampled(TokenTable.mix(t), l));
            if (!sampled(mixed, level)) {
                return;
            }
        }
        table.put(token, (randomised ? RANDOMISED : 0) | 1 << PROBE_SHIFT | dwell);
    }

    private static boolean sampled(long mixed, int level) {
        return level == 0 || mixed >>> (64 - level) == 0;
    }

    /** Whether the counts are estimates (more devices than {@link #EXACT_UP_TO} were seen). */
    boolean estimated() {
        return level > 0;
    }

    /** Relative standard error of the counts: 0 while exact. */
    double relativeError() {
        if (level == 0) {
            return 0;
        }
        double p = Math.scalb(1.0, -level);
        return Math.sqrt((1 - p) / Math.max(1, table.size()));
    }

    /**
     * Devices (exact, or estimated), randomised, global; then the dwell bins, the devices of unknown dwell, and last the
     * probe requests with at most the clip counted per device.
     */
    long[] counts(int[] dwellBoundsSeconds) {
        long[] c = new long[3 + dwellBoundsSeconds.length + 3];
        table.forEachValue(v -> {
            c[0]++;
            c[c.length - 1] += (v & PROBE_MASK) >>> PROBE_SHIFT;
            c[(v & RANDOMISED) != 0 ? 1 : 2]++;
            int d = v & DWELL_UNKNOWN;
            if (d == DWELL_UNKNOWN) {
                c[c.length - 2]++;
                return;
            }
            int bin = 0;
            while (bin < dwellBoundsSeconds.length && d >= dwellBoundsSeconds[bin]) {
                bin++;
            }
            c[3 + bin]++;
        });
        long scale = 1L << level;
        for (int i = 0; i < c.length; i++) {
            c[i] *= scale;
        }
        return c;
    }

    /** Bytes held now; never more than {@link #MAX_BYTES}. */
    long bytes() {
        return table.bytes();
    }

    /** Wipes every token. */
    void clear() {
        table.clear();
        level = 0;
    }
}
