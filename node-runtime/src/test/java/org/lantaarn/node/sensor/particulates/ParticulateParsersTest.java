package org.lantaarn.node.sensor.particulates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParticulateParsersTest {
    private final List<PmReading> readings = new ArrayList<>();

    @Test
    void sds011_golden_frame_from_the_protocol_document_gives_its_micrograms() {
        Sds011Parser p = new Sds011Parser(readings::add);
        p.accept(Frames.SDS011_GOLDEN, 0, 10);
        assertThat(readings).containsExactly(new PmReading(123.6, 261.8));
        assertThat(p.frames()).isEqualTo(1);
    }

    @Test
    void pms5003_golden_frame_gives_the_atmospheric_micrograms() {
        assertThat(Frames.PMS5003_GOLDEN).isEqualTo(Frames.pms5003(35, 51));
        Pms5003Parser p = new Pms5003Parser(readings::add);
        p.accept(Frames.PMS5003_GOLDEN, 0, 32);
        assertThat(readings).containsExactly(new PmReading(35, 51));
    }

    @Test
    void sds011_stream_with_garbage_split_frames_and_bad_checksums_yields_exactly_the_valid_frames() {
        byte[] bad = Frames.sds011(100, 200);
        bad[8]++;
        byte[] badTail = Frames.sds011(101, 201);
        badTail[9] = 0x00;
        byte[] stream = Frames.concat(HexFormat.of().parseHex("00ffaa13aaaac0"), Frames.sds011(50, 80), bad,
                HexFormat.of().parseHex("abab"), badTail, Frames.sds011(55, 85), HexFormat.of().parseHex("aa"), Frames.SDS011_GOLDEN);
        Sds011Parser p = new Sds011Parser(readings::add);
        feedInPieces(p, stream, 3);
        assertThat(readings).containsExactly(new PmReading(5.0, 8.0), new PmReading(5.5, 8.5), new PmReading(123.6, 261.8));
        assertThat(p.frames()).isEqualTo(3);
        // The bad checksum, the bad trailer, and the stray "AA C0" in the leading garbage, which looked like a header.
        assertThat(p.rejected()).isEqualTo(3);
        assertThat(p.skipped()).isPositive();
    }

    @Test
    void pms5003_stream_with_garbage_split_frames_and_bad_checksums_yields_exactly_the_valid_frames() {
        byte[] bad = Frames.pms5003(10, 20);
        bad[31]++;
        byte[] wrongLength = Frames.pms5003(11, 21);
        wrongLength[3] = 20;
        byte[] stream = Frames.concat(HexFormat.of().parseHex("4242424d00"), Frames.pms5003(12, 18), bad, wrongLength,
                HexFormat.of().parseHex("0102034d42"), Frames.pms5003(13, 19), Frames.PMS5003_GOLDEN);
        Pms5003Parser p = new Pms5003Parser(readings::add);
        feedInPieces(p, stream, 7);
        assertThat(readings).containsExactly(new PmReading(12, 18), new PmReading(13, 19), new PmReading(35, 51));
        assertThat(p.rejected()).isEqualTo(1);
    }

    @Test
    void a_valid_frame_that_starts_inside_a_rejected_one_is_still_found() {
        byte[] good = Frames.sds011(70, 90);
        // A truncated frame header whose tail is the start of a good frame: AA C0 xx xx, then the good frame.
        byte[] stream = Frames.concat(HexFormat.of().parseHex("aac00102"), good);
        Sds011Parser p = new Sds011Parser(readings::add);
        p.accept(stream, 0, stream.length);
        assertThat(readings).containsExactly(new PmReading(7.0, 9.0));
    }

    @Test
    void frames_split_one_byte_at_a_time_are_joined() {
        Pms5003Parser p = new Pms5003Parser(readings::add);
        for (byte b : Frames.PMS5003_GOLDEN) {
            p.accept(b);
        }
        assertThat(readings).containsExactly(new PmReading(35, 51));
    }

    private static void feedInPieces(FrameParser p, byte[] stream, int piece) {
        for (int i = 0; i < stream.length; i += piece) {
            p.accept(stream, i, Math.min(piece, stream.length - i));
        }
    }
}
