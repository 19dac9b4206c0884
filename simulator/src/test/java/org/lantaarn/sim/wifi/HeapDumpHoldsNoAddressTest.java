package org.lantaarn.sim.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 4 of the privacy issue, the memory half: a node process (a child JVM, {@link HeapDumpNode}) whose Wi-Fi
 * driver read 10,000 addresses from a pcap file and was closed is dumped whole (every object, after a full GC), and
 * the dump holds none of the addresses in any of the forms {@link NoAddressLeavesTheNodeTest} searches (hex with
 * colons, dashes, dots or nothing in both cases, base64, raw bytes). The child keeps one canary address on purpose;
 * finding it shows the search works on a heap dump.
 */
class HeapDumpHoldsNoAddressTest {
    private static final int ADDRESSES = 10_000;

    @Test
    void a_heap_dump_after_the_wifi_driver_handled_ten_thousand_addresses_and_closed_holds_none_of_them(@TempDir Path dir)
            throws Exception {
        List<byte[]> addresses = VirtualWifiCrowd.cityCentre(2026).addresses(ADDRESSES + 1, 0.7);
        byte[] canary = addresses.removeLast();
        Path capture = dir.resolve("capture.pcap");
        ByteBuffer pcap = ByteBuffer.allocate(PcapWriter.HEADER + ADDRESSES * PcapWriter.RECORD);
        pcap.put(PcapWriter.header());
        long t0 = Instant.parse("2026-07-21T10:00:00Z").toEpochMilli() * 1000;
        for (int i = 0; i < ADDRESSES; i++) {
            PcapWriter.probe(pcap, t0 + i, addresses.get(i), -50, i);
        }
        Files.write(capture, pcap.array());

        Path dump = dir.resolve("node.hprof");
        Path log = dir.resolve("node.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HeapDumpNode.class.getName(),
                capture.toString(), dir.resolve("data").toString(), dump.toString(), Integer.toString(ADDRESSES),
                HexFormat.of().formatHex(canary)));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(node.waitFor(5, TimeUnit.MINUTES)).as("the node process ended").isTrue();
        assertThat(node.exitValue()).as("exit status; the node's output:%n%s", Files.readString(log)).isZero();

        byte[] heap = Files.readAllBytes(dump);
        AddressSearch search = new AddressSearch();
        addresses.forEach(search::address);
        List<AddressSearch.Hit> hits = search.find("heap dump", heap);
        System.out.printf("heap dump of %d MiB searched for %d needles: %d hits%n", heap.length >> 20, search.needles(), hits.size());
        assertThat(hits).as("addresses in the node's heap").isEmpty();

        AddressSearch control = new AddressSearch();
        control.address(canary);
        assertThat(control.find("heap dump", heap)).as("the canary the node keeps on purpose").isNotEmpty();
    }
}
