package org.lantaarn.node.sensor.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden byte vectors for the pcap reader. There is no real capture in the repository (it would hold real
 * people's addresses), so every vector below was written by hand, field by field, from the specifications:
 * the pcap file format (draft-ietf-opsawg-pcap: 24-byte global header with magic 0xa1b2c3d4 for microsecond
 * and 0xa1b23c4d for nanosecond timestamps, in the writer's byte order; 16-byte record headers), radiotap
 * (radiotap.org: version 0, it_len and it_present little-endian, bit 31 chains present words, each field
 * aligned to its natural size from the start of the header) and IEEE 802.11 (frame control 0x40 0x00 is a
 * management frame of subtype 4, a probe request; address 2 at offset 10 is the transmitter/source).
 * The addresses are made up: 00:1a:2b:3c:4d:5e (global) and da:a1:19:12:34:56 (locally administered).
 */
class PcapReaderGoldenTest {
    /** 2026-07-21T10:00:00Z = 1784628000 = 0x6a5f4320. */
    private static final Instant T = Instant.parse("2026-07-21T10:00:00Z");

    private static final String GLOBAL_HEADER_LE_MICROS =
            "d4c3b2a1 | 0200 0400 | 00000000 | 00000000 | 00000400 | 7f000000"; // magic, v2.4, zone, sigfigs, snaplen 262144, linktype 127
    private static final String GLOBAL_HEADER_BE_NANOS =
            "a1b23c4d | 0002 0004 | 00000000 | 00000000 | 00040000 | 0000007f";
    private static final String GLOBAL_HEADER_BE_MICROS =
            "a1b2c3d4 | 0002 0004 | 00000000 | 00000000 | 00040000 | 0000007f";
    private static final String GLOBAL_HEADER_LE_NANOS =
            "4d3cb2a1 | 0200 0400 | 00000000 | 00000000 | 00000400 | 7f000000";

    /** Radiotap, 15 bytes: present = Flags, Channel, dBm antenna signal; Channel is aligned to 2, so one pad byte after Flags. */
    private static final String RADIOTAP_SIGNAL_MINUS_42 =
            "00 00 | 0f00 | 2a000000 | 00 | 00 | 8509 a000 | d6"; // version, pad, it_len 15, present 0x2a, flags, pad, 2437 MHz, -42 dBm

    /** Radiotap, 9 bytes: present = Flags only; no signal field. */
    private static final String RADIOTAP_NO_SIGNAL = "00 00 | 0900 | 02000000 | 00";

    /**
     * Radiotap, 26 bytes: two present words (0xa0000021: TSFT, signal, radiotap namespace, ext; then 0x20: a second
     * antenna's signal); fields start at 12, TSFT aligned to 8 moves to 16; the first signal is -60, the second -70.
     */
    private static final String RADIOTAP_EXTENDED_MINUS_60 =
            "00 00 | 1a00 | 210000a0 | 20000000 | 00000000 | 0102030405060708 | c4 | ba";

    /** A probe request, 32 bytes: FC 40 00, duration, DA broadcast, SA, BSSID broadcast, seq ctrl, SSID (wildcard), rates. */
    private static String probe(String sa) {
        return "4000 | 0000 | ffffffffffff | " + sa + " | ffffffffffff | 1000 | 0000 | 0104 02040b16";
    }

    private static final String SA_GLOBAL = "001a2b3c4d5e";
    private static final String SA_RANDOM = "daa119123456";

    record Probe(Instant at, int rssi, boolean randomised, String address) {}

    private final List<Probe> probes = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private PcapReader.End read(byte[] bytes) throws IOException {
        reader = new PcapReader(new ByteArrayInputStream(bytes), new ProbeListener() {
            @Override
            public void probe(long epochNanos, int rssiDbm, boolean la, byte[] address) {
                // Only this test turns an address into text, to compare it with the vector.
                probes.add(new Probe(Instant.ofEpochSecond(0, epochNanos), rssiDbm, la, HexFormat.of().formatHex(address, 0, 6)));
            }

            @Override
            public void skipped(String reason) {
                skipped.add(reason);
            }
        });
        return reader.readAll();
    }

    private PcapReader reader;

    @Test
    void reads_a_little_endian_microsecond_capture_with_the_signal_field_and_ignores_other_frames() throws IOException {
        byte[] capture = Hex.bytes(GLOBAL_HEADER_LE_MICROS,
                "20435f6a | 40e20100 | 2f000000 | 2f000000", // 1784628000 s, 123456 us, incl_len 47, orig_len 47
                RADIOTAP_SIGNAL_MINUS_42, probe(SA_GLOBAL),
                "20435f6a | 41e20100 | 2f000000 | 2f000000", // 1 us later: a beacon (FC 80 00), not a probe request
                RADIOTAP_SIGNAL_MINUS_42, "8000" + probe(SA_GLOBAL).substring(4));

        assertThat(read(capture)).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(probes).containsExactly(new Probe(T.plusNanos(123_456_000), -42, false, SA_GLOBAL));
        assertThat(reader.stats()).isEqualTo(new CaptureStats(2, 1, 1, 0, 0, 0));
    }

    @Test
    void reads_a_big_endian_nanosecond_capture_walking_two_present_words_and_tsft_alignment() throws IOException {
        byte[] capture = Hex.bytes(GLOBAL_HEADER_BE_NANOS,
                "6a5f4320 | 075bcd15 | 0000003a | 0000003a", // 1784628000 s, 123456789 ns, incl_len 58
                RADIOTAP_EXTENDED_MINUS_60, probe(SA_RANDOM));

        assertThat(read(capture)).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(probes).containsExactly(new Probe(T.plusNanos(123_456_789), -60, true, SA_RANDOM));
    }

    @Test
    void a_radiotap_header_without_the_signal_field_gives_no_signal() throws IOException {
        byte[] capture = Hex.bytes(GLOBAL_HEADER_LE_MICROS,
                "20435f6a | 00000000 | 29000000 | 29000000", // incl_len 41 = 9 + 32
                RADIOTAP_NO_SIGNAL, probe(SA_GLOBAL));

        read(capture);
        assertThat(probes).containsExactly(new Probe(T, PcapReader.NO_SIGNAL, false, SA_GLOBAL));
    }

    @Test
    void all_four_magic_and_byte_order_combinations_give_the_same_frame_at_the_right_time() throws IOException {
        String frame = RADIOTAP_SIGNAL_MINUS_42 + probe(SA_RANDOM);
        read(Hex.bytes(GLOBAL_HEADER_LE_MICROS, "20435f6a | 01000000 | 2f000000 | 2f000000", frame));
        read(Hex.bytes(GLOBAL_HEADER_BE_MICROS, "6a5f4320 | 00000001 | 0000002f | 0000002f", frame));
        read(Hex.bytes(GLOBAL_HEADER_LE_NANOS, "20435f6a | 01000000 | 2f000000 | 2f000000", frame));
        read(Hex.bytes(GLOBAL_HEADER_BE_NANOS, "6a5f4320 | 00000001 | 0000002f | 0000002f", frame));

        assertThat(probes).containsExactly(
                new Probe(T.plusNanos(1000), -42, true, SA_RANDOM),
                new Probe(T.plusNanos(1000), -42, true, SA_RANDOM),
                new Probe(T.plusNanos(1), -42, true, SA_RANDOM),
                new Probe(T.plusNanos(1), -42, true, SA_RANDOM));
    }

    @Test
    void a_frame_the_radio_marked_as_failing_its_checksum_is_skipped_and_counted() throws IOException {
        byte[] capture = Hex.bytes(GLOBAL_HEADER_LE_MICROS, "20435f6a | 00000000 | 2f000000 | 2f000000",
                "00 00 | 0f00 | 2a000000 | 40 | 00 | 8509 a000 | d6", probe(SA_GLOBAL)); // flags 0x40: bad FCS

        read(capture);
        assertThat(probes).isEmpty();
        assertThat(reader.stats().badFcs()).isEqualTo(1);
    }

    @Test
    void a_malformed_record_is_skipped_and_the_next_one_is_still_read() throws IOException {
        byte[] capture = Hex.bytes(GLOBAL_HEADER_LE_MICROS,
                "20435f6a | 00000000 | 0a000000 | 0a000000", "01 00 0a00 00000000 0000", // radiotap version 1: malformed
                "20435f6a | 00000000 | 14000000 | 14000000", RADIOTAP_SIGNAL_MINUS_42, "4000 0000 ff", // probe cut at 5 of 24 bytes
                "20435f6a | 00000000 | 0f000000 | 0f000000", "00 00 | 3000 | 2a000000 | 00 00 8509 a000 d6", // it_len 48 > 15
                "20435f6a | 00000000 | 2f000000 | 2f000000", "00 00 | 0f00 | 2a000000 | 00 00 8509 a000 d6",
                "4000 0000 ffffffffffff 011a2b3c4d5e ffffffffffff 1000 0000 0104 02040b16", // group source address
                "20435f6a | 00000000 | 2f000000 | 2f000000", RADIOTAP_SIGNAL_MINUS_42, probe(SA_GLOBAL));

        assertThat(read(capture)).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(probes).extracting(Probe::address).containsExactly(SA_GLOBAL);
        assertThat(reader.stats().malformed()).isEqualTo(4);
        assertThat(skipped).hasSize(4).allSatisfy(r -> assertThat(r).startsWith("malformed"));
    }

    @Test
    void a_capture_that_ends_inside_a_record_is_counted_as_truncated_after_the_whole_records() throws IOException {
        byte[] whole = Hex.bytes(GLOBAL_HEADER_LE_MICROS, "20435f6a | 00000000 | 2f000000 | 2f000000",
                RADIOTAP_SIGNAL_MINUS_42, probe(SA_GLOBAL), "20435f6a | 00000000 | 2f000000 | 2f000000",
                RADIOTAP_SIGNAL_MINUS_42, probe(SA_RANDOM));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);

        assertThat(read(cut)).isEqualTo(PcapReader.End.TRUNCATED);
        assertThat(probes).extracting(Probe::address).containsExactly(SA_GLOBAL);
        assertThat(reader.stats().truncated()).isEqualTo(1);
    }

    @Test
    void a_stream_that_is_not_radiotap_pcap_or_loses_its_framing_is_counted_and_not_read_further() throws IOException {
        assertThat(read(Hex.bytes("0a0d0d0a 1c000000 4d3c2b1a 01000000 ffffffffffffffff"))).isEqualTo(PcapReader.End.TRUNCATED); // pcapng, cut
        assertThat(read(Hex.bytes("d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000"))).isEqualTo(PcapReader.End.NOT_READABLE); // Ethernet
        assertThat(read(Hex.bytes(GLOBAL_HEADER_LE_MICROS, "20435f6a 00000000 ffffff7f ffffff7f"))).isEqualTo(PcapReader.End.NOT_READABLE);
        assertThat(read(new byte[0])).isEqualTo(PcapReader.End.END_OF_STREAM);
        assertThat(probes).isEmpty();
    }

    @Test
    void the_reader_overwrites_the_address_buffer_once_the_listener_returns() throws IOException {
        List<byte[]> seen = new ArrayList<>();
        PcapReader r = new PcapReader(new ByteArrayInputStream(Hex.bytes(GLOBAL_HEADER_LE_MICROS,
                "20435f6a | 00000000 | 2f000000 | 2f000000", RADIOTAP_SIGNAL_MINUS_42, probe(SA_GLOBAL))),
                (t, rssi, la, address) -> seen.add(address)); // keeps the reference, as a careless listener might
        r.readAll();
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).containsOnly(0);
    }
}
