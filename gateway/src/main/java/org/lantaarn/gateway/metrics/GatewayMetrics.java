package org.lantaarn.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.lantaarn.gateway.ingest.Ingest;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.SequencedResult;

/**
 * The gateway's metrics in one Prometheus registry:
 *
 * <pre>
 * lantaarn_ingest_messages_total{outcome}            messages handled: stored, duplicate, rejected, ignored, failed
 * lantaarn_rejections_total{reason}                  rejected messages per reason code
 * lantaarn_ingest_store_seconds                      time to decode and durably store one message (summary + max)
 * lantaarn_twin_backlog_messages                     observations and gaps stored but not yet published to the twin
 * lantaarn_nodes{state}                              nodes per state (online, offline, unknown)
 * lantaarn_node_last_message_age_seconds{node}       seconds since the gateway last heard from the node
 * lantaarn_node_outbox_depth{node}                   outbox depth from the node's last health report
 * lantaarn_node_outbox_oldest_unconfirmed_seconds{node}  age of its oldest unreceipted row, from the same report
 * </pre>
 *
 * Per-node values are read from the fleet when Prometheus scrapes, so every replica reports the same fleet.
 * Thread-safe: ingest calls {@link #ingested} on its delivery thread, the API calls {@link #scrape} on its own.
 */
public final class GatewayMetrics implements IngestListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Map<Ingest.Outcome, Counter> outcomes = new EnumMap<>(Ingest.Outcome.class);
    private final Timer store;
    private final LongAdder newSequenced = new LongAdder();
    private final Set<String> reasons = ConcurrentHashMap.newKeySet();
    private final MultiGauge lastMessageAge;
    private final MultiGauge outboxDepth;
    private final MultiGauge outboxOldest;
    private final MultiGauge nodesByState;
    private final Object scrapeLock = new Object();
    private final Map<String, Long> latestRejections = new ConcurrentHashMap<>();

    /**
     * @param twinPublished how many observations and gaps the twin feed has published since start
     */
    public GatewayMetrics(Clock clock, LongSupplier twinPublished) {
        this.clock = clock;
        for (Ingest.Outcome o : Ingest.Outcome.values()) {
            outcomes.put(o, Counter.builder("lantaarn.ingest.messages").description("MQTT messages handled by ingest, by outcome")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        store = Timer.builder("lantaarn.ingest.store").description("time to decode and durably store one message")
                .register(registry);
        Gauge.builder("lantaarn.twin.backlog", () -> Math.max(0, newSequenced.sum() - twinPublished.getAsLong()))
                .description("observations and gaps stored since start but not yet published to the twin").baseUnit("messages")
                .register(registry);
        lastMessageAge = MultiGauge.builder("lantaarn.node.last.message.age").baseUnit("seconds")
                .description("seconds since the gateway last received anything from the node").register(registry);
        outboxDepth = MultiGauge.builder("lantaarn.node.outbox.depth")
                .description("outbox depth in the node's last health report").register(registry);
        outboxOldest = MultiGauge.builder("lantaarn.node.outbox.oldest.unconfirmed").baseUnit("seconds")
                .description("age of the node's oldest unreceipted outbox row, from its last health report").register(registry);
        nodesByState = MultiGauge.builder("lantaarn.nodes").description("nodes per state").register(registry);
    }

    /**
     * Runs one group-commit ingest call, timing it and counting each message's outcome: a stored message's store
     * latency is the time its batch took to decode and commit.
     */
    public List<Ingest.Outcome> ingestedBatch(Supplier<List<Ingest.Outcome>> handle) {
        long start = System.nanoTime();
        List<Ingest.Outcome> all = handle.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (Ingest.Outcome o : all) {
            if (o == Ingest.Outcome.STORED) {
                store.record(took);
            }
            outcomes.get(o).increment();
        }
        return all;
    }

    /** Runs one ingest call, timing it and counting its outcome. */
    public Ingest.Outcome ingested(Supplier<Ingest.Outcome> handle) {
        long start = System.nanoTime();
        Ingest.Outcome o = handle.get();
        if (o == Ingest.Outcome.STORED) {
            store.record(Duration.ofNanos(System.nanoTime() - start));
        }
        outcomes.get(o).increment();
        return o;
    }

    @Override
    public void sequencedStored(String node, SequencedResult result) {
        if (result.isNew()) {
            newSequenced.increment();
        }
    }

    /** The registry, for tests. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The Prometheus text exposition, after reading the fleet and this gateway's rejection counts.
     *
     * @param nodes      the fleet now
     * @param rejections rejections per reason since start
     */
    public String scrape(List<NodeRecord> nodes, Map<String, Long> rejections) {
        synchronized (scrapeLock) {
            for (String reason : rejections.keySet()) {
                if (reasons.add(reason)) {
                    FunctionCounter.builder("lantaarn.rejections", latestRejections, m -> m.getOrDefault(reason, 0L)).tag("reason", reason)
                            .description("messages rejected by ingest, by reason").register(registry);
                }
            }
            latestRejections.putAll(rejections); // the rejection counters read this map when scraped
            Instant now = clock.instant();
            List<MultiGauge.Row<?>> age = new ArrayList<>();
            List<MultiGauge.Row<?>> depth = new ArrayList<>();
            List<MultiGauge.Row<?>> oldest = new ArrayList<>();
            Map<String, Integer> states = new java.util.TreeMap<>(Map.of("online", 0, "offline", 0, "unknown", 0));
            for (NodeRecord n : nodes) {
                Tags tags = Tags.of("node", n.node());
                states.merge(n.state(), 1, Integer::sum);
                if (n.lastSeen() != null) {
                    age.add(MultiGauge.Row.of(tags, Math.max(0, Duration.between(n.lastSeen(), now).toMillis() / 1000.0)));
                }
                if (n.lastHealth() != null) {
                    depth.add(MultiGauge.Row.of(tags, n.lastHealth().outboxDepth()));
                    Long o = n.lastHealth().oldestUnconfirmedAgeSeconds();
                    oldest.add(MultiGauge.Row.of(tags, o == null ? 0 : o));
                }
            }
            lastMessageAge.register(age, true);
            outboxDepth.register(depth, true);
            outboxOldest.register(oldest, true);
            List<MultiGauge.Row<?>> st = new ArrayList<>();
            states.forEach((s, c) -> st.add(MultiGauge.Row.of(Tags.of("state", s), c)));
            nodesByState.register(st, true);
            return registry.scrape();
        }
    }
}
