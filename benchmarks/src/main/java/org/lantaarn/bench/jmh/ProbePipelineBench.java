package org.lantaarn.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.privacy.KeyedTokens;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.wifi.PcapReader;
import org.lantaarn.node.sensor.wifi.ProbeListener;
import org.lantaarn.sim.wifi.PcapWriter;
import org.lantaarn.sim.wifi.VirtualWifiCrowd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Probe request to distinct count: a pcap capture of a city-centre crowd parsed by the node's {@link PcapReader},
 * each probe turned into a keyed token by {@link KeyedTokens} and counted by the presence window's accumulator;
 * against a bare {@code javax.crypto.Mac} HMAC-SHA256 loop over the same addresses. Scores are probes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProbePipelineBench {
    /** Probe requests in the capture replayed by one invocation. */
    public static final int PROBES = 4096;

    private byte[] capture;
    private byte[][] addresses;
    private KeyedTokens tokens;
    private Supplier<Accumulator> windows;
    private Accumulator window;
    private Mac mac;
    private final byte[] address = new byte[6];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Instant from = Instant.parse("2026-05-01T12:00:00Z");
        byte[] crowd = VirtualWifiCrowd.cityCentre(11).capture(from, Duration.ofMinutes(30), 600);
        int records = Math.min(PROBES, (crowd.length - PcapWriter.HEADER) / PcapWriter.RECORD);
        if (records < PROBES) {
            throw new IllegalStateException("the crowd made only " + records + " probes");
        }
        capture = java.util.Arrays.copyOf(crowd, PcapWriter.HEADER + PROBES * PcapWriter.RECORD);
        List<byte[]> seen = new ArrayList<>();
        new PcapReader(new ByteArrayInputStream(capture), new ProbeListener() {
            @Override
            public void probe(long epochNanos, int rssiDbm, boolean locallyAdministered, byte[] a) {
                seen.add(java.util.Arrays.copyOf(a, 6));
            }

            @Override
            public void skipped(String reason) {}
        }).readAll();
        addresses = seen.toArray(new byte[0][]);
        if (addresses.length != PROBES) {
            throw new IllegalStateException("parsed " + addresses.length + " of " + PROBES + " probes");
        }
        tokens = KeyedTokens.create(Clock.systemUTC(), Duration.ofHours(1));
        Map<String, String> units = new LinkedHashMap<>();
        for (String v : new String[] {PresenceAccumulator.DEVICES, PresenceAccumulator.RANDOMISED, PresenceAccumulator.GLOBAL,
                PresenceAccumulator.PROBES, PresenceAccumulator.DWELL_LT_5M, PresenceAccumulator.DWELL_5_15M,
                PresenceAccumulator.DWELL_15_60M, PresenceAccumulator.DWELL_GT_60M}) {
            units.put(v, "count");
        }
        SensorDescriptor d = new SensorDescriptor(SensorDescriptor.Aggregation.PRESENCE, units, 0, "benchmark", true,
                org.lantaarn.node.sensor.wifi.WifiPresenceProvider.disclosures(org.lantaarn.config.PrivacyConfig.DEFAULT_PROBE_CLIP));
        windows = new Aggregator("wifi", "wifi-presence", d).windows();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    @Setup(Level.Iteration)
    public void newWindow() {
        window = windows.get();
    }

    /** Parse, token, count: what the node does with every probe request it hears. */
    @Benchmark
    @OperationsPerInvocation(PROBES)
    public long pipeline() throws IOException {
        Accumulator w = window;
        KeyedTokens t = tokens;
        ProbeListener l = new ProbeListener() {
            @Override
            public void probe(long epochNanos, int rssiDbm, boolean locallyAdministered, byte[] a) {
                long token = t.token(a);
                w.device(Instant.ofEpochSecond(0, epochNanos), token, locallyAdministered, t.epochStart());
            }

            @Override
            public void skipped(String reason) {}
        };
        PcapReader r = new PcapReader(new ByteArrayInputStream(capture), l);
        r.readAll();
        return w.samples();
    }

    /** The raw limit: HMAC-SHA256 of each 6-byte address with the JDK's Mac, nothing else. */
    @Benchmark
    @OperationsPerInvocation(PROBES)
    public void bareHmac(Blackhole bh) {
        for (byte[] a : addresses) {
            System.arraycopy(a, 0, address, 0, 6);
            bh.consume(mac.doFinal(address));
        }
    }
}
