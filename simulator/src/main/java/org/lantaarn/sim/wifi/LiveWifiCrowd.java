package org.lantaarn.sim.wifi;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongToDoubleFunction;

/**
 * A live pcap stream of the phones in front of one lamppost, written second by second as real time passes: each
 * second, people arrive so that the crowd follows {@code target} (people present at a given epoch millisecond),
 * each stays 20–120 s and their phone sends a probe request every 3–10 s; most phones use a randomised address
 * that changes every 1–3 minutes. A read blocks until the next second is due, as a capture interface does, so a
 * node's real pcap parser, signal filter and keyed tokens read it as they read {@code tcpdump -w -}. Read by one
 * thread; deterministic for a seed and a clock.
 */
public final class LiveWifiCrowd extends InputStream {
    private static final int RSSI_NEAR = -45;

    private final Clock clock;
    private final LongToDoubleFunction target;
    private final SplittableRandom random;
    private final List<Phone> present = new ArrayList<>();
    private ByteBuffer pending = ByteBuffer.wrap(PcapWriter.header());
    private long second; // epoch second to write next
    private int sequence;
    private volatile boolean closed;

    private static final class Phone {
        byte[] address;
        boolean randomised;
        long leaveMillis;
        long nextProbeMillis;
        long changeMillis;
    }

    public LiveWifiCrowd(Clock clock, LongToDoubleFunction target, long seed) {
        this.clock = clock;
        this.target = target;
        this.random = new SplittableRandom(seed);
        this.second = clock.millis() / 1000;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (!pending.hasRemaining()) {
            if (closed) {
                return -1;
            }
            long due = (second + 1) * 1000 - clock.millis();
            if (due > 0) {
                LockSupport.parkNanos(due * 1_000_000L);
                continue;
            }
            pending = nextSecond();
        }
        int n = Math.min(len, pending.remaining());
        pending.get(b, off, n);
        return n;
    }

    /** The probes of one second, in time order. */
    private ByteBuffer nextSecond() {
        long from = second * 1000;
        second++;
        present.removeIf(p -> p.leaveMillis <= from);
        double want = target.applyAsDouble(from);
        // Arrivals close a quarter of the gap to the target each second, with some noise; none while above it.
        double gap = want - present.size();
        double arrivals = gap <= 0 ? 0 : Math.max(0, gap * 0.25 + (random.nextDouble() - 0.5) * 2);
        for (int i = 0; i < (int) Math.round(arrivals); i++) {
            Phone p = new Phone();
            p.randomised = random.nextDouble() < 0.8;
            p.address = address(p.randomised);
            p.leaveMillis = from + 20_000 + random.nextLong(100_000);
            p.nextProbeMillis = from + random.nextLong(1000);
            p.changeMillis = from + 60_000 + random.nextLong(120_000);
            present.add(p);
        }
        List<long[]> probes = new ArrayList<>(); // {millis, index into present}
        for (int i = 0; i < present.size(); i++) {
            Phone p = present.get(i);
            while (p.nextProbeMillis < from + 1000) {
                if (p.nextProbeMillis >= from) {
                    probes.add(new long[] {p.nextProbeMillis, i});
                }
                p.nextProbeMillis += 3000 + random.nextLong(7000);
            }
        }
        probes.sort((x, y) -> Long.compare(x[0], y[0]));
        ByteBuffer out = ByteBuffer.allocate(probes.size() * PcapWriter.RECORD);
        for (long[] pr : probes) {
            Phone p = present.get((int) pr[1]);
            if (p.randomised && pr[0] >= p.changeMillis) {
                p.address = address(true);
                p.changeMillis = pr[0] + 60_000 + random.nextLong(120_000);
            }
            PcapWriter.probe(out, pr[0] * 1000, p.address, RSSI_NEAR - random.nextInt(25), sequence++);
        }
        out.flip();
        return out;
    }

    /** How many phones are in front of the lamppost now (for tests). */
    public int present() {
        return present.size();
    }

    private byte[] address(boolean randomised) {
        byte[] a = new byte[6];
        for (int i = 0; i < 6; i++) {
            a[i] = (byte) random.nextInt(256);
        }
        a[0] = (byte) ((a[0] & 0xfc) | (randomised ? 0x02 : 0x00));
        return a;
    }

    @Override
    public void close() {
        closed = true;
    }
}
