package org.lantaarn.node.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.outbox.OutboxRow;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.protocol.JsonCodec;

/**
 * One "world" for the neighbouring-worlds tests: a real {@link NodeRuntime} (real windows, guard, gate and SQLite
 * outbox) on a manual clock and scheduler, whose published payloads — the birth, every outbox row (observations and
 * gaps) and every health report — are collected as JSON with only {@code seq} (outbox rows) and the send time
 * {@code at} (health and status) removed. The clock advances a minute at a time, and each step waits for the window's
 * row and the health report it causes, so nothing depends on how fast the machine is.
 */
public final class PublishedWorld implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock;
    private final ManualScheduler scheduler;
    private final AtomicReference<RecordingUplink> uplink = new AtomicReference<>();
    private final NodeRuntime runtime;

    /** @param clock starting half a second after a minute, so that health reports never coincide with a window's end */
    public PublishedWorld(ManualClock clock, NodeConfig config, Path dataDir, List<SensorDriverProvider> providers) {
        this.clock = clock;
        this.scheduler = new ManualScheduler(clock);
        this.runtime = NodeRuntime.builder().config(config).dataDir(dataDir).clock(clock).scheduler(scheduler)
                .healthInterval(Duration.ofMinutes(1)).providers(providers)
                .uplink(ctx -> {
                    RecordingUplink u = new RecordingUplink(ctx);
                    uplink.set(u);
                    return u;
                }).build();
    }

    public NodeRuntime start() {
        runtime.start();
        return runtime;
    }

    public ManualClock clock() {
        return clock;
    }

    public ManualScheduler scheduler() {
        return scheduler;
    }

    /**
     * Advances {@code minutes} minutes, one at a time: to the end of each window (waits for its row in the outbox)
     * and then past the health tick (waits for the report).
     */
    public void runMinutes(int minutes) {
        RecordingUplink u = uplink.get();
        for (int i = 0; i < minutes; i++) {
            long rows = rows().size();
            int reports = u.health.size();
            java.time.Instant windowEnd = java.time.Instant.ofEpochMilli((clock.millis() / 60_000 + 1) * 60_000);
            scheduler.advanceTo(windowEnd);
            await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() > rows);
            scheduler.advanceTo(windowEnd.plusMillis(500));
            await().atMost(Duration.ofSeconds(30)).until(() -> u.health.size() > reports);
        }
    }

    private List<OutboxRow> rows() {
        return uplink.get().context.outbox().after(0, 10_000);
    }

    /** Every payload the node has published or queued to publish, in order, normalised. */
    public List<String> published() {
        JsonCodec codec = new JsonCodec();
        RecordingUplink u = uplink.get();
        List<String> out = new ArrayList<>();
        out.add(normalise(codec.encodeToString(u.birth())));
        rows().forEach(r -> out.add(normalise(new String(r.payloadBytes(), java.nio.charset.StandardCharsets.UTF_8))));
        u.health.forEach(h -> out.add(normalise(codec.encodeToString(h))));
        return out;
    }

    private static String normalise(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            ObjectNode o = (ObjectNode) n;
            String schema = o.path("schema").asText();
            if (schema.startsWith("lantaarn.obs/") || schema.startsWith("lantaarn.gap/")) {
                o.remove("seq");
            } else if (schema.startsWith("lantaarn.health/") || schema.startsWith("lantaarn.status/")) {
                o.remove("at");
            }
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
