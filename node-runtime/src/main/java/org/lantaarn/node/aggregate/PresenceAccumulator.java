package org.lantaarn.node.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.Quality;

/**
 * The devices of one window of a presence stream, fed with keyed tokens: distinct devices, of which
 * randomised and global, sightings (probe requests, at most {@link Aggregator#probeClip()} per device, so one device
 * adds at most the clip to {@code probes}), and a dwell histogram within the key epoch. Only these
 * counts leave; the tokens are wiped when the window completes. Not thread-safe: the window calls it under
 * its lock, and the {@link EpochDwell} it shares with the stream's other windows is only touched there too.
 */
public final class PresenceAccumulator implements Accumulator {
    public static final String DEVICES = "devices";
    public static final String RANDOMISED = "devices.randomised";
    public static final String GLOBAL = "devices.global";
    public static final String PROBES = "probes";
    public static final String DWELL_LT_5M = "dwell.lt5m";
    public static final String DWELL_5_15M = "dwell.5to15m";
    public static final String DWELL_15_60M = "dwell.15to60m";
    public static final String DWELL_GT_60M = "dwell.gt60m";
    /** Quality flag: more devices than counted exactly; the counts are estimates. */
    public static final String ESTIMATED = "estimated";
    /** Quality flag prefix: the relative standard error of estimated counts, e.g. {@code estimate-rse=0.39%}. */
    public static final String ESTIMATE_RSE = "estimate-rse=";
    /** Quality flag: some devices have no dwell (the epoch's table was full), so the bins do not add up to the devices. */
    public static final String DWELL_PARTIAL = "dwell-partial";
    /** Quality flag: the key changed during the window, so a device may be counted under two tokens. */
    public static final String KEY_ROTATED = "key-rotated";

    private static final int[] DWELL_BOUNDS = {5 * 60, 15 * 60, 60 * 60};

    private final Aggregator spec;
    private final EpochDwell dwell;
    private final DistinctDevices devices;
    private long probes;
    private long faults;
    private Instant epoch;
    private boolean rotated;

    PresenceAccumulator(Aggregator spec, EpochDwell dwell) {
        this.spec = spec;
        this.dwell = dwell;
        this.devices = new DistinctDevices(DistinctDevices.SLOTS, spec.probeClip());
    }

    @Override
    public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        if (epoch != null && !epoch.equals(keyEpochStart)) {
            rotated = true;
        }
        if (keyEpochStart != null && (epoch == null || keyEpochStart.isAfter(epoch))) {
            epoch = keyEpochStart;
        }
        probes++;
        devices.add(token, randomised, dwell.observe(token, at, keyEpochStart));
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        faults++;
    }

    @Override
    public void event(Instant at, String name, long count) {
        faults++;
    }

    @Override
    public void fault(Instant at, String reason) {
        faults++;
    }

    @Override
    public long samples() {
        return probes;
    }

    @Override
    public long faults() {
        return faults;
    }

    /** Bytes held by this window's device table; at most {@link #maxBytes()}. */
    public long bytes() {
        return devices.bytes();
    }

    /** The memory bound of one window's device table. */
    public static long maxBytes() {
        return DistinctDevices.MAX_BYTES;
    }

    @Override
    public WindowAggregate complete(Window window, boolean partial) {
        long[] c = devices.counts(DWELL_BOUNDS);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(DEVICES, (double) c[0]);
        values.put(RANDOMISED, (double) c[1]);
        values.put(GLOBAL, (double) c[2]);
        values.put(PROBES, (double) c[c.length - 1]);
        values.put(DWELL_LT_5M, (double) c[3]);
        values.put(DWELL_5_15M, (double) c[4]);
        values.put(DWELL_15_60M, (double) c[5]);
        values.put(DWELL_GT_60M, (double) c[6]);
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(k -> units.put(k, "count"));
        List<String> flags = new ArrayList<>();
        if (devices.estimated()) {
            flags.add(ESTIMATED);
            flags.add(ESTIMATE_RSE + String.format(Locale.ROOT, "%.2f%%", 100 * devices.relativeError()));
        }
        if (c[c.length - 2] > 0) {
            flags.add(DWELL_PARTIAL);
        }
        if (rotated) {
            flags.add(KEY_ROTATED);
        }
        if (faults > 0) {
            flags.add(SENSOR_FAULT);
        }
        if (partial) {
            flags.add(PARTIAL_WINDOW);
        }
        Instant keyEpoch = epoch != null ? epoch : dwell.epochStart();
        devices.clear();
        return new WindowAggregate(spec.stream(), spec.sensor(), Aggregation.PRESENCE, window, values, units,
                new Quality(1.0, flags), keyEpoch);
    }
}
