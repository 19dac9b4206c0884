package org.lantaarn.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Representative instances of every message type, including the edge cases of the wire contract. */
final class Samples {
    static final Instant START = Instant.parse("2026-05-01T12:00:00Z");
    static final Instant END = Instant.parse("2026-05-01T12:01:00Z");

    private Samples() {}

    /** A climate window: mean/min/max with fractional and integral values, no count protection. */
    static Observation climate() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("temperature_mean", 18.4);
        values.put("temperature_min", 17.9);
        values.put("temperature_max", 19.0);
        values.put("humidity_mean", 71.25);
        values.put("pressure_mean", 101325.0);
        return new Observation("lp-0042", "climate", "climate", 17, START, END, values,
                Map.of("temperature_mean", "Cel", "temperature_min", "Cel", "temperature_max", "Cel",
                        "humidity_mean", "%RH", "pressure_mean", "Pa"),
                new Quality(0.98, List.of("rh>75")), Privacy.none());
    }

    /** A Wi-Fi presence window where the privacy guard suppressed a count below k (value null), with noise and key epoch. */
    static Observation suppressedWifi() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("devices", 23.0);
        values.put("randomised", null);
        values.put("dwell_lt_5m", 12.0);
        return new Observation("lp-0042", "wifi", "wifi-presence", 18, START, END, values,
                Map.of("devices", "count", "randomised", "count", "dwell_lt_5m", "count"),
                new Quality(1.0, List.of()),
                new Privacy(5, List.of("randomised"), 0.5, Instant.parse("2026-05-01T12:00:00Z")));
    }

    /** A Wi-Fi presence window published with noise: the clip and the share of epsilon spent on each value. */
    static Observation noisedWifi() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("devices", 41.0);
        values.put("probes", 187.0);
        return new Observation("lp-0042", "wifi", "wifi-presence", 20, START, END, values,
                Map.of("devices", "count", "probes", "count"), new Quality(1.0, List.of()),
                new Privacy(5, List.of(), 1.1, Instant.parse("2026-05-01T12:00:00Z"), 10, Map.of("devices", 0.1, "probes", 1.0)));
    }

    /** The twin copy of the climate window: site, location and sensor metadata added by the gateway. */
    static Observation twinClimate() {
        return climate().enriched("den-bosch-centre",
                new Location(51.6889, 5.3047, 6.0, "lamppost 14, Hinthamerstraat"),
                Map.of("driver", "bme280", "model", "BME280"));
    }

    /** A twin copy whose location has no height and no description. */
    static Observation twinWithBareLocation() {
        return climate().enriched("nijmegen", new Location(51.8426, 5.8528, null, null), Map.of());
    }

    static Gap gap() {
        return new Gap("lp-0042", "wifi", 19, START, Instant.parse("2026-05-01T12:05:00Z"), 5, "outbox-full");
    }

    /** A gap for windows the outbox dropped: it names the seqs they had been recorded under. */
    static Gap droppedGap() {
        return new Gap("lp-0042", "wifi", 31, START, Instant.parse("2026-05-01T12:05:00Z"), 5, "outbox-full",
                List.of(new SeqRange(20, 21), new SeqRange(24, 24), new SeqRange(27, 28)));
    }

    static Status birth() {
        return new Status("lp-0042", Status.State.ONLINE, START, "0.1.0", 3L,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "den-bosch-centre",
                new Location(51.6889, 5.3047, 6.0, "lamppost 14, Hinthamerstraat"),
                List.of(new StreamInfo("climate", "climate", 60,
                                new PrivacyManifest("temperature, humidity and air pressure", false, null, null, null,
                                        "never stored or sent")),
                        new StreamInfo("wifi", "wifi-presence", 60,
                                new PrivacyManifest("number of Wi-Fi devices nearby", true, 5, 0.5, 3600L,
                                        "never stored or sent", Map.of("devices", "person", "probes", "person"), 10))));
    }

    /** A graceful death: node, state and time only. */
    static Status gracefulDeath() {
        return Status.offline("lp-0042", END, null, null);
    }

    /** The broker's last will: written before the connection exists, so without a time. */
    static Status lastWill() {
        return Status.offline("lp-0042", null, null, null);
    }

    /** The twin copy of a birth, with site and location. */
    static Status twinOffline() {
        return Status.offline("lp-0042", END, "den-bosch-centre", new Location(51.6889, 5.3047, null, null));
    }

    static Health health() {
        Map<String, StreamHealth> streams = new LinkedHashMap<>();
        streams.put("climate", new StreamHealth(0, "ok"));
        streams.put("wifi", new StreamHealth(2, "sensor-absent"));
        return new Health("lp-0042", END, 86400, 3, 42L, streams, List.of("wifi:sensor-absent"));
    }

    /** Health of a node whose outbox is empty and that has no alarms and no streams. */
    static Health quietHealth() {
        return new Health("lp-0042", END, 5, 0, null, Map.of(), List.of());
    }

    static ConfigAck applied() {
        return new ConfigAck("lp-0042", 4, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                ConfigAck.Result.APPLIED, null, END);
    }

    static ConfigAck rejected() {
        return new ConfigAck("lp-0042", 5, "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
                ConfigAck.Result.REJECTED, "signature does not verify against key 'ops-2026'", END);
    }

    static ConfigAck rolledBack() {
        return new ConfigAck("lp-0042", 6, null, ConfigAck.Result.ROLLED_BACK,
                "dry run failed: stream 'air' driver sds011 found no device on /dev/ttyUSB0", END);
    }

    static SignedConfig signedConfig() {
        byte[] doc = "schema: lantaarn.config/1\nnode: lp-0042\nversion: 7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sig = new byte[64];
        java.util.Arrays.fill(sig, (byte) 7);
        return new SignedConfig("lp-0042", 7, "0123456789abcdef", doc, sig);
    }

    static Receipt receipt() {
        return new Receipt("lp-0042", 19, END);
    }

    /** Every sample, each with a name for parameterised tests. */
    static Map<String, Message> all() {
        Map<String, Message> all = new LinkedHashMap<>();
        all.put("climate observation", climate());
        all.put("observation with suppressed value", suppressedWifi());
        all.put("observation with clip and per-value epsilon", noisedWifi());
        all.put("twin-enriched observation", twinClimate());
        all.put("twin observation with bare location", twinWithBareLocation());
        all.put("gap", gap());
        all.put("gap replacing dropped seqs", droppedGap());
        all.put("online status", birth());
        all.put("graceful offline status", gracefulDeath());
        all.put("last-will status without time", lastWill());
        all.put("twin offline status", twinOffline());
        all.put("health", health());
        all.put("health with empty outbox", quietHealth());
        all.put("applied config-ack", applied());
        all.put("rejected config-ack with reason", rejected());
        all.put("rolled-back config-ack without hash", rolledBack());
        all.put("receipt", receipt());
        all.put("signed configuration", signedConfig());
        return all;
    }
}
