package org.lantaarn.node.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.outbox.OutboxStats;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.StreamHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval, builds a {@code lantaarn.health/1} report — states and fault counts, nothing that varies with what
 * the sensors saw — and hands it to the uplink (which the node gives it behind the disclosure gate) (QoS 1, not
 * retained, not through the outbox); skipped while the uplink is disconnected. Runs on the given
 * scheduler without blocking it: outbox figures are read asynchronously on the outbox's writer thread.
 */
public final class HealthReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);

    private final String node;
    private final Clock clock;
    private final Instant startedAt;
    private final Outbox outbox;
    private final List<StreamMonitor> monitors;
    private final Uplink uplink;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private ScheduledFuture<?> task;

    public HealthReporter(String node, Clock clock, Instant startedAt, Outbox outbox, List<StreamMonitor> monitors,
                          Uplink uplink, ScheduledExecutorService scheduler, Duration interval) {
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.monitors = List.copyOf(monitors);
        this.uplink = Objects.requireNonNull(uplink, "uplink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("health interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    public synchronized void start() {
        if (task != null) {
            throw new IllegalStateException("health reporter of " + node + " already started");
        }
        long ms = interval.toMillis();
        task = scheduler.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!uplink.isConnected()) {
            return;
        }
        outbox.statsAsync().whenComplete((stats, e) -> {
            if (e != null) {
                log.warn("node {}: health report skipped, outbox unreadable: {}", node, e.toString());
                return;
            }
            try {
                if (!uplink.publishHealth(report(stats, true))) {
                    log.debug("node {}: health report skipped while disconnected", node);
                }
            } catch (RuntimeException ex) {
                log.warn("node {}: health report failed", node, ex);
            }
        });
    }

    /** A report from the given outbox figures; with {@code newPeriod}, stream states are judged afresh from now on. */
    public Health report(OutboxStats stats, boolean newPeriod) {
        Instant now = clock.instant();
        Map<String, StreamHealth> streams = new LinkedHashMap<>();
        List<String> alarms = new ArrayList<>();
        for (StreamMonitor m : monitors) {
            StreamHealth h = m.health(newPeriod);
            streams.put(m.stream(), h);
            if (!h.state().equals(StreamMonitor.OK) && !h.state().equals(StreamMonitor.NO_SAMPLES)) { // absent, fault, or a condition
                int detail = h.state().indexOf(": ");
                alarms.add((detail < 0 ? h.state() : h.state().substring(0, detail)) + ":" + m.stream());
            }
        }
        outbox.alarm().ifPresent(alarms::add);
        Long oldestAge = stats.oldestUnconfirmedCreatedAt() == null ? null
                : Math.max(0, Duration.between(stats.oldestUnconfirmedCreatedAt(), now).toSeconds());
        return new Health(node, now, Math.max(0, Duration.between(startedAt, now).toSeconds()), stats.depth(), oldestAge,
                streams, alarms);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
