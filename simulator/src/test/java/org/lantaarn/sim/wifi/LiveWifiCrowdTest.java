package org.lantaarn.sim.wifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live crowd against a clock that moves 1.5 s each time it is read: every second is due at once, so no test waits for real time. */
class LiveWifiCrowdTest {
    private static final Instant T0 = Instant.parse("2026-05-02T20:00:00Z");

    /** A clock that advances 1.5 s on every reading. */
    private static final class Ticking extends Clock {
        private long millis = T0.toEpochMilli();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public long millis() {
            millis += 1500;
            return millis;
        }
    }

    /** Distinct addresses per second of capture time, over the first {@code seconds} seconds of the stream. */
    private static int[] distinctPerSecond(LiveWifiCrowd crowd, int seconds) {
        int[] out = new int[seconds + 2];
        java.util.List<Set<Long>> seen = new java.util.ArrayList<>();
        for (int i = 0; i < seconds + 2; i++) {
            seen.add(new HashSet<>());
        }
        byte[] header = new byte[PcapWriter.HEADER];
        read(crowd, header);
        byte[] rec = new byte[PcapWriter.RECORD];
        long first = -1;
        while (true) {
            read(crowd, rec);
            ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
            long sec = b.getInt(0) & 0xffffffffL;
            if (first < 0) {
                first = sec;
            }
            int i = (int) (sec - first);
            if (i > seconds) {
                return out;
            }
            long addr = 0;
            for (int k = 0; k < 6; k++) {
                addr = addr << 8 | (rec[16 + 15 + 10 + k] & 0xff);
            }
            if (seen.get(i).add(addr)) {
                out[i]++;
            }
        }
    }

    private static void read(LiveWifiCrowd in, byte[] into) {
        int off = 0;
        while (off < into.length) {
            int n = in.read(into, off, into.length - off);
            assertThat(n).isPositive();
            off += n;
        }
    }

    @Test
    void the_crowd_grows_to_its_target_and_each_phone_probes_every_few_seconds() {
        LiveWifiCrowd crowd = new LiveWifiCrowd(new Ticking(), millis -> 120, 7);
        int[] perSecond = distinctPerSecond(crowd, 90);
        double late = 0;
        for (int s = 60; s < 90; s++) {
            late += perSecond[s];
        }
        late /= 30;
        // 120 phones, one probe each 3-10 s (6.5 s on average): about 18 distinct phones a second
        assertThat(late).isBetween(10.0, 30.0);
        assertThat(crowd.present()).isBetween(80, 160);
        assertThat(perSecond[1]).isLessThan((int) late + 10);
    }

    @Test
    void an_empty_street_sends_no_probes_once_the_last_people_have_left() {
        long start = T0.toEpochMilli();
        // 50 people for 10 s, then nobody until people come back at 300 s (the capture, like a live one, never ends)
        LiveWifiCrowd crowd = new LiveWifiCrowd(new Ticking(), millis -> millis - start < 10_000 || millis - start > 300_000 ? 50 : 0, 3);
        int[] perSecond = distinctPerSecond(crowd, 200);
        assertThat(perSecond[5]).isPositive();
        for (int s = 130; s < 200; s++) {
            assertThat(perSecond[s]).as("second %d", s).isZero();
        }
    }
}
