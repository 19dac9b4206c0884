package org.lantaarn.sim.wifi;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.UplinkConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Location;

/**
 * The node process of {@link HeapDumpHoldsNoAddressTest}, run in a JVM of its own: a node whose only stream is Wi-Fi
 * presence reading a pcap file, run until its driver has handled every probe request, then closed; then a full GC and
 * a heap dump of every object (not only the live ones). It keeps one canary address on purpose, so the test can show
 * that its search finds an address that is in the dump.
 *
 * <p>Arguments: capture file, data directory, dump file, number of probe requests to wait for, canary (12 hex digits).
 * Exit status 0 when the dump was written, 3 when the driver did not deliver in time.
 */
public final class HeapDumpNode {
    /** Kept reachable until the dump: the search must find it. */
    static byte[] canary;

    private HeapDumpNode() {}

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path dump = Path.of(args[2]);
        long expected = Long.parseLong(args[3]);
        canary = HexFormat.of().parseHex(args[4]);

        StreamConfig wifi = new StreamConfig("wifi", "wifi-presence", null, null, null,
                Map.of("source", capture.toString(), "timestamps", "capture"), PrivacyConfig.defaults(), null);
        NodeConfig config = new NodeConfig("heap-node", "den-bosch", 1, new Location(51.6886, 5.3042, null, null), "heap dump test",
                "test", UplinkConfig.to("tcp://127.0.0.1:1"), Duration.ofMinutes(1), List.of(wifi));
        NodeRuntime node = NodeRuntime.builder().config(config).dataDir(data).providers(List.of(new WifiPresenceProvider()))
                .uplink(ctx -> new Offline()).build();
        node.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (node.delivered("wifi") < expected) { // waits for progress: every probe request turned into a token
            if (System.nanoTime() > deadline) {
                System.err.println("the driver delivered " + node.delivered("wifi") + " of " + expected);
                System.exit(3);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        node.close();
        System.gc();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), false);
        System.out.println("dumped " + dump + " holding canary of " + canary.length + " bytes");
        System.exit(0);
    }

    /** An uplink that never connects: nothing leaves this process. */
    private static final class Offline implements Uplink {
        @Override
        public void start() {}

        @Override
        public boolean isConnected() {
            return false;
        }

        @Override
        public void outboxChanged() {}

        @Override
        public boolean publishHealth(Health health) {
            return false;
        }

        @Override
        public void close() {}
    }
}
