package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pcapng as dumpcap, tshark and Wireshark write it by default, and a precise reason for every capture that cannot be read. */
class PcapngAndFaultsTest {
    private record Seen(long epochNanos, int rssi, String address) {}

    private final List<Seen> seen = new ArrayList<>();
    private PcapReader reader;

    private PcapReader.End read(byte[] bytes) throws IOException {
        seen.clear();
        reader = new PcapReader(new ByteArrayInputStream(bytes), (t, rssi, la, address) -> seen.add(new Seen(t, rssi, HexFormat.of().formatHex(address))));
        return reader.readAll();
    }

    private static List<CaptureFormats.Frame> frames() {
        List<CaptureFormats.Frame> f = new ArrayList<>();
        long t0 = 1_784_628_000_123_456_000L; // 2026-07-21T10:00:00.123456Z
        for (int i = 0; i < 40; i++) {
            int iface = i % 3 == 2 ? 1 : 0; // every third frame on the Ethernet interface: not counted
            f.add(new CaptureFormats.Frame(iface, t0 + i * 1_000_000L, -40 - i, new byte[] {0x02, 0x11, 0x22, 0x33, 0x44, (byte) i}));
        }
        return f;
    }

    @ParameterizedTest(name = "if_tsresol {0}")
    @ValueSource(ints = {6, 9, 0x80 | 20})
    void pcapng_and_pcap_of_the_same_capture_give_identical_probes_in_either_byte_order(int tsresol) throws IOException {
        List<CaptureFormats.Iface> ifaces = List.of(new CaptureFormats.Iface(127, tsresol), new CaptureFormats.Iface(1, 6));
        assertThat(read(CaptureFormats.pcap(frames(), ifaces))).isEqualTo(PcapReader.End.END_OF_STREAM);
        List<Seen> fromPcap = List.copyOf(seen);
        CaptureStats pcapStats = reader.stats();
        assertThat(fromPcap).hasSize(27);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            assertThat(read(CaptureFormats.pcapng(frames(), ifaces, order, false))).as("%s", order).isEqualTo(PcapReader.End.END_OF_STREAM);
            assertThat(reader.stats().probeRequests()).isEqualTo(pcapStats.probeRequests());
            if (tsresol == 0x80 + 20) { // 2^-20 s: about a microsecond, rounded down
                assertThat(seen).hasSameSizeAs(fromPcap);
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i).address()).isEqualTo(fromPcap.get(i).address());
                    assertThat(Math.abs(seen.get(i).epochNanos() - fromPcap.get(i).epochNanos())).isLessThan(1_000L);
                }
            } else {
                assertThat(seen).as("%s", order).isEqualTo(fromPcap);
            }
            assertThat(reader.stats().otherFrames()).as("the Ethernet interface's frames").isEqualTo(13);
        }
    }

    @Test
    void a_simple_packet_block_counts_without_a_capture_time() throws IOException {
        List<CaptureFormats.Iface> ifaces = List.of(new CaptureFormats.Iface(127, 6));
        List<CaptureFormats.Frame> f = frames().stream().filter(x -> x.iface() == 0).toList();
        assertThat(read(CaptureFormats.pcapng(f, ifaces, ByteOrder.BIG_ENDIAN, true))).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(seen).hasSize(27);
        assertThat(seen.getFirst().epochNanos()).isEqualTo(ProbeListener.NO_CAPTURE_TIME);
        assertThat(seen.get(1).epochNanos()).isEqualTo(f.get(1).epochNanos());
    }

    @Test
    void golden_pcapng_blocks_little_endian_with_nanosecond_resolution() throws IOException {
        String hex = ""
                + "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000"        // section header, 28 bytes
                + "01000000 20000000 7f00 0000 00000400 0900 0100 09000000 0000 0000 20000000" // interface: radiotap, if_tsresol 9
                + "06000000 44000000 00000000 fe9c9717 15cd853d 21000000 21000000"          // enhanced packet: 1700000000.123456789 s
                + "0000 0900 20000000 d6"                                                     // radiotap: dBm antenna signal -42
                + "4000 0000 ffffffffffff 021122334455 ffffffffffff 0000"                     // probe request from 02:11:22:33:44:55
                + "000000 44000000";                                                          // padding, trailing length
        assertThat(read(HexFormat.of().parseHex(hex.replace(" ", "")))).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(seen).containsExactly(new Seen(1_700_000_000_123_456_789L, -42, "021122334455"));
    }

    @Test
    void every_unreadable_capture_gets_its_own_precise_reason() throws IOException {
        ByteBuffer pcap = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535);
        for (int linkType : new int[] {105, 119, 192, 1}) {
            byte[] h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).put(pcap.array(), 0, 20).putInt(linkType).array();
            assertThat(read(h)).isEqualTo(PcapReader.End.NOT_READABLE);
            assertThat(reader.problem()).startsWith("unsupported link type " + linkType + " (").contains("link type 127");
        }
        assertThat(reader.problem()).contains("Ethernet");
        assertThat(read(HexFormat.of().parseHex("7f454c4602010100"))).isEqualTo(PcapReader.End.NOT_READABLE);
        assertThat(reader.problem()).isEqualTo("not a pcap or pcapng capture: magic 0x7f454c46");
        assertThat(read(HexFormat.of().parseHex("d4c3b2a102000400"))).isEqualTo(PcapReader.End.NOT_READABLE);
        assertThat(reader.problem()).isEqualTo("pcap global header truncated: 8 of 24 bytes");
        assertThat(read(HexFormat.of().parseHex("0a0d0d0a1c000000"))).isEqualTo(PcapReader.End.NOT_READABLE);
        assertThat(reader.problem()).isEqualTo("pcapng section header truncated: 8 of 28 bytes");

        ByteArrayInputStream noRadiotap = new ByteArrayInputStream(CaptureFormats.pcapng(
                List.of(new CaptureFormats.Frame(0, 1_000_000_000L, -40, new byte[6])), List.of(new CaptureFormats.Iface(105, 6)),
                ByteOrder.LITTLE_ENDIAN, false));
        reader = new PcapReader(noRadiotap, (t, r, la, a) -> { });
        assertThat(reader.readAll()).isEqualTo(PcapReader.End.NOT_READABLE);
        assertThat(reader.problem()).startsWith("pcapng capture without a radiotap interface (link types [105]); unsupported link type 105");
    }

    @Test
    void a_radiotap_present_word_with_both_namespace_bits_is_malformed_not_a_signal() throws IOException {
        // present: bit 5 (dBm antenna signal), bit 29 (radiotap namespace next) and bit 30 (vendor namespace next)
        byte[] frame = new CaptureFormats.Frame(0, 1_000_000_000L, -42, new byte[] {2, 0, 0, 0, 0, 1}).bytes();
        frame[7] = 0x60;
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(127);
        b.putInt(1).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        assertThat(read(b.array())).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(seen).isEmpty();
        assertThat(reader.stats().malformed()).isEqualTo(1);

        frame[7] = 0x20; // only bit 29: a valid header whose signal is read
        b.position(40);
        b.put(frame);
        assertThat(read(b.array())).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(seen).extracting(Seen::rssi).containsExactly(-42);
    }

    @Test
    void damaged_pcapng_never_throws_only_ends_or_counts() {
        byte[] good = CaptureFormats.pcapng(frames(), List.of(new CaptureFormats.Iface(127, 9), new CaptureFormats.Iface(1, 6)),
                ByteOrder.BIG_ENDIAN, true);
        java.util.Random random = new java.util.Random(12);
        for (int round = 0; round < 5_000; round++) {
            byte[] bad = java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                if (bad.length > 0) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                assertThat(read(bad)).isNotNull();
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("round " + round + ": " + HexFormat.of().formatHex(bad), e);
            }
        }
    }
}
