package org.lantaarn.node.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lantaarn.node.sensor.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clock-aligned tumbling windows for one stream, fed through {@link SampleSink}. A sample goes to the
 * window that contains its timestamp; a sample for a window that has already closed is counted as late
 * and dropped; a sample more than one window ahead of the clock is counted as early and dropped.
 * Every window is closed, with or without data, when its end has passed on the injected {@link Clock};
 * the check is scheduled on the given {@link ScheduledExecutorService} at each window end, and
 * {@link #closeDue()} may also be called directly.
 *
 * <p>Thread-safe: drivers deliver on their own threads while the scheduler closes windows.
 */
public final class TumblingWindows<A extends WindowAccumulator> implements SampleSink, AutoCloseable {
    /** Most windows closed one by one when catching up; more than this are reported as skipped. */
    public static final int MAX_CATCH_UP = 100;

    private static final Logger log = LoggerFactory.getLogger(TumblingWindows.class);

    private final String name;
    private final Duration length;
    private final long lengthMillis;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Supplier<A> factory;
    private final WindowListener<A> listener;

    private final Object lock = new Object();
    private final TreeMap<Instant, A> open = new TreeMap<>();
    private Instant startedAt;
    private Window nextToClose;
    private long late;
    private long early;
    private boolean closed;
    private ScheduledFuture<?> timer;

    public TumblingWindows(String name, Duration length, Clock clock, ScheduledExecutorService scheduler,
                           Supplier<A> factory, WindowListener<A> listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.lengthMillis = Window.lengthMillis(length);
        this.length = length;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Opens the window containing now and schedules its close. */
    public void start() {
        synchronized (lock) {
            if (startedAt != null) {
                throw new IllegalStateException("windows of " + name + " already started");
            }
            startedAt = clock.instant();
            nextToClose = Window.containing(startedAt, length);
            scheduleNextLocked();
        }
    }

    public Duration length() {
        return length;
    }

    /** Samples that arrived for a window that had already closed. */
    public long late() {
        synchronized (lock) {
            return late;
        }
    }

    /** Samples that arrived more than one window ahead of the clock. */
    public long early() {
        synchronized (lock) {
            return early;
        }
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        synchronized (lock) {
            A acc = accumulatorFor(at);
            if (acc != null) {
                acc.sample(at, values);
            }
        }
    }

    @Override
    public void event(Instant at, String eventName, long count) {
        synchronized (lock) {
            A acc = accumulatorFor(at);
            if (acc != null) {
                acc.event(at, eventName, count);
            }
        }
    }

    @Override
    public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        synchronized (lock) {
            A acc = accumulatorFor(at);
            if (acc != null) {
                acc.device(at, token, randomised, keyEpochStart);
            }
        }
    }

    @Override
    public void fault(Instant at, String reason) {
        synchronized (lock) {
            A acc = accumulatorFor(at);
            if (acc != null) {
                acc.fault(at, reason);
            }
        }
    }

    private A accumulatorFor(Instant at) {
        if (nextToClose == null || closed || at == null) {
            return null;
        }
        if (at.isBefore(nextToClose.start())) {
            late++;
            return null;
        }
        Window w = Window.containing(at, length);
        if (w.start().isAfter(Window.containing(clock.instant(), length).end())) {
            early++;
            return null;
        }
        return open.computeIfAbsent(w.start(), k -> factory.get());
    }

    /** Closes every window whose end has passed on the clock, in order. Called by the scheduler; safe to call any time. */
    public void closeDue() {
        synchronized (lock) {
            if (nextToClose == null || closed) {
                return;
            }
            Instant now = clock.instant();
            long due = 0;
            if (!nextToClose.end().isAfter(now)) {
                due = Math.floorDiv(now.toEpochMilli() - nextToClose.end().toEpochMilli(), lengthMillis) + 1;
            }
            if (due > MAX_CATCH_UP) {
                // Close the windows that hold data one by one; report each empty stretch between them as skipped.
                Instant dueEnd = nextToClose.start().plusMillis(due * lengthMillis);
                Instant cursor = nextToClose.start();
                Map<Instant, A> withData = open.headMap(dueEnd);
                for (Map.Entry<Instant, A> e : withData.entrySet()) {
                    reportSkip(cursor, e.getKey());
                    Window w = Window.containing(e.getKey(), length);
                    deliver(w, e.getValue());
                    cursor = w.end();
                }
                withData.clear();
                reportSkip(cursor, dueEnd);
                nextToClose = Window.containing(dueEnd, length);
            } else {
                for (long i = 0; i < due; i++) {
                    A acc = open.remove(nextToClose.start());
                    deliver(nextToClose, acc != null ? acc : factory.get());
                    nextToClose = nextToClose.next();
                }
            }
            scheduleNextLocked();
        }
    }

    private void reportSkip(Instant from, Instant to) {
        long windows = (to.toEpochMilli() - from.toEpochMilli()) / lengthMillis;
        if (windows > 0) {
            log.warn("stream {}: {} windows from {} to {} skipped after the clock jumped or the node stalled", name, windows, from, to);
            try {
                listener.skipped(from, to, windows);
            } catch (RuntimeException e) {
                log.error("stream {}: reporting skipped windows failed", name, e);
            }
        }
    }

    private void deliver(Window w, A acc) {
        boolean partial = w.start().isBefore(startedAt);
        try {
            listener.closed(w, acc, partial);
        } catch (RuntimeException e) {
            // A failing downstream step must not stop the windows of this stream.
            log.error("stream {}: handling window {} .. {} failed", name, w.start(), w.end(), e);
        }
    }

    private void scheduleNextLocked() {
        if (closed) {
            return;
        }
        long delay = Math.max(1, nextToClose.end().toEpochMilli() - clock.millis());
        timer = scheduler.schedule(this::closeDue, delay, TimeUnit.MILLISECONDS);
    }

    /** Stops closing windows; the open window is dropped, not published. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
            open.clear();
        }
    }
}
