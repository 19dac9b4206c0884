package org.lantaarn.node.aggregate;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;
import org.lantaarn.node.sensor.NodeReadings;

/**
 * The relative humidity the node measured recently, from whichever streams deliver a {@code humidity}
 * value in {@code %RH}, so that another stream can judge its own window by it (the {@code rh>75} flag of
 * particulates). Keeps at most {@link #CAPACITY} readings, oldest dropped first. Thread-safe.
 */
public final class HumidityBoard implements NodeReadings {
    /** Readings kept: two hours at one reading per second. */
    public static final int CAPACITY = 7200;

    private record Reading(Instant at, double rh) {}

    private final Deque<Reading> readings = new ArrayDeque<>();

    /** Records a humidity reading; non-finite values are ignored. */
    public synchronized void record(Instant at, double rh) {
        if (at == null || !Double.isFinite(rh)) {
            return;
        }
        readings.addLast(new Reading(at, rh));
        while (readings.size() > CAPACITY) {
            readings.removeFirst();
        }
    }

    @Override
    public synchronized OptionalDouble humidity(Instant from, Instant to) {
        double sum = 0;
        long n = 0;
        for (Reading r : readings) {
            if (!r.at().isBefore(from) && r.at().isBefore(to)) {
                sum += r.rh();
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
    }
}
