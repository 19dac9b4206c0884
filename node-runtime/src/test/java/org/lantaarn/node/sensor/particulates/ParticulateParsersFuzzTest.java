package org.lantaarn.node.sensor.particulates;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz tests of the frame parsers. In a normal test run Jazzer replays the seeds under
 * {@code src/test/resources/.../ParticulateParsersFuzzTestInputs/<method>/} (regression mode); with
 * {@code JAZZER_FUZZ=1} it explores. Whatever arrives, a parser never throws, never decodes more frames than
 * the bytes can hold, and reports only values a 16-bit field can carry.
 */
class ParticulateParsersFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void sds011_parser_survives_any_bytes(byte[] data) {
        List<PmReading> out = new ArrayList<>();
        Sds011Parser p = new Sds011Parser(out::add);
        p.accept(data, 0, data.length);
        assertThat(p.frames()).isEqualTo(out.size()).isLessThanOrEqualTo(data.length / Sds011Parser.FRAME_LENGTH);
        assertThat(out).allSatisfy(r -> assertThat(r.pm2_5()).isBetween(0.0, 6553.5));
        assertThat(p.skipped()).isLessThanOrEqualTo(data.length);
    }

    @FuzzTest(maxDuration = "20s")
    void pms5003_parser_survives_any_bytes(byte[] data) {
        List<PmReading> out = new ArrayList<>();
        Pms5003Parser p = new Pms5003Parser(out::add);
        p.accept(data, 0, data.length);
        assertThat(p.frames()).isEqualTo(out.size()).isLessThanOrEqualTo(data.length / Pms5003Parser.FRAME_LENGTH);
        assertThat(out).allSatisfy(r -> assertThat(r.pm10()).isBetween(0.0, 65535.0));
    }
}
