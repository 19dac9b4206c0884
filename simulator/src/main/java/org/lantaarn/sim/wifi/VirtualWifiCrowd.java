package org.lantaarn.sim.wifi;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * People with phones in front of a lamppost. Each person arrives at some moment, passes by (1–4 minutes)
 * or stays (20–90 minutes), and their phone sends a probe request every 20–60 seconds with a signal that
 * depends on how near they are. A share of the phones use a randomised (locally administered) address that
 * changes every 5–15 minutes, as modern phones do; the others keep one global address. Some people walk on
 * the far side of the street, below the node's signal threshold. The crowd is written as pcap bytes, so the
 * node counts it with its real parser. Deterministic for a seed; not thread-safe.
 */
public final class VirtualWifiCrowd {
    private final SplittableRandom random;
    private final double randomisedShare;
    private final double stayerShare;
    private final double farShare;

    /**
     * @param randomisedShare share of phones with randomised, changing addresses (0..1)
     * @param stayerShare     share of people who stay rather than pass by (0..1)
     * @param farShare        share of people beyond the node's signal threshold (0..1)
     */
    public VirtualWifiCrowd(long seed, double randomisedShare, double stayerShare, double farShare) {
        this.random = new SplittableRandom(seed);
        this.randomisedShare = randomisedShare;
        this.stayerShare = stayerShare;
        this.farShare = farShare;
    }

    /** A typical city-centre mix: 80 % randomised addresses, 20 % stayers, 10 % beyond the threshold. */
    public static VirtualWifiCrowd cityCentre(long seed) {
        return new VirtualWifiCrowd(seed, 0.8, 0.2, 0.1);
    }

    private record Probe(long micros, byte[] address, int rssi) {}

    /** A capture of {@code people} people arriving uniformly over {@code [from, from + span)}, probes in time order. */
    public byte[] capture(Instant from, Duration span, int people) {
        PriorityQueue<Probe> probes = new PriorityQueue<>(Comparator.comparingLong(Probe::micros));
        long start = from.toEpochMilli() * 1000;
        long spanMicros = span.toMillis() * 1000;
        for (int p = 0; p < people; p++) {
            long arrive = start + (long) (random.nextDouble() * spanMicros);
            boolean stays = random.nextDouble() < stayerShare;
            long stay = (stays ? 20 + random.nextInt(71) : 1 + random.nextInt(4)) * 60_000_000L;
            boolean randomised = random.nextDouble() < randomisedShare;
            boolean far = random.nextDouble() < farShare;
            byte[] address = address(randomised);
            long changeAt = arrive + (5 + random.nextInt(11)) * 60_000_000L;
            for (long t = arrive; t < arrive + stay; t += (20 + random.nextInt(41)) * 1_000_000L) {
                if (randomised && t >= changeAt) {
                    address = address(true);
                    changeAt = t + (5 + random.nextInt(11)) * 60_000_000L;
                }
                int rssi = far ? -80 - random.nextInt(15) : -45 - random.nextInt(25);
                probes.add(new Probe(t, address, rssi));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(PcapWriter.HEADER + probes.size() * PcapWriter.RECORD);
        out.writeBytes(PcapWriter.header());
        ByteBuffer record = ByteBuffer.allocate(PcapWriter.RECORD);
        int seq = 0;
        while (!probes.isEmpty()) {
            Probe p = probes.poll();
            record.clear();
            PcapWriter.probe(record, p.micros(), p.address(), p.rssi(), seq++);
            out.write(record.array(), 0, PcapWriter.RECORD);
        }
        return out.toByteArray();
    }

    /**
     * A capture in which exactly {@code devices} distinct devices each send {@code probesEach} probe requests
     * within one second from {@code at}, all above the threshold, generated as it is read (a million devices
     * need no 60 MB array). The first {@code randomisedShare} of the devices have randomised addresses.
     */
    public InputStream distinct(int devices, int probesEach, Instant at) {
        long seed = random.nextLong();
        return new InputStream() {
            private final ByteBuffer record = ByteBuffer.allocate(PcapWriter.RECORD).limit(0);
            private final byte[] header = PcapWriter.header();
            private final byte[] address = new byte[6];
            private long emitted = -1; // -1: header
            private final long total = (long) devices * probesEach;

            private boolean fill() {
                if (emitted == -1) {
                    emitted = 0;
                    record.clear();
                    record.put(header);
                    record.flip();
                    return true;
                }
                if (emitted >= total) {
                    return false;
                }
                int device = (int) (emitted % devices);
                // Distinct addresses: the device number in the low 4 bytes, a seed-dependent prefix in the rest.
                long a = seed ^ ((long) device * 0x9E3779B97F4A7C15L);
                address[0] = (byte) ((device < devices * randomisedShare ? 0x02 : 0x00) | (a >>> 56 & 0xfc));
                address[1] = (byte) (a >>> 48);
                address[2] = (byte) (device >>> 24);
                address[3] = (byte) (device >>> 16);
                address[4] = (byte) (device >>> 8);
                address[5] = (byte) device;
                record.clear();
                long micros = at.toEpochMilli() * 1000 + (emitted * 1_000_000L / Math.max(1, total));
                PcapWriter.probe(record, micros, address, -50, (int) emitted);
                record.flip();
                emitted++;
                return true;
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
                if (!record.hasRemaining() && !fill()) {
                    return -1;
                }
                int n = Math.min(len, record.remaining());
                record.get(b, off, n);
                return n;
            }
        };
    }

    private byte[] address(boolean randomised) {
        byte[] a = new byte[6];
        for (int i = 0; i < 6; i++) {
            a[i] = (byte) random.nextInt(256);
        }
        a[0] = (byte) ((a[0] & 0xfc) | (randomised ? 0x02 : 0x00)); // unicast; locally administered when randomised
        return a;
    }

    /** Distinct addresses as a list, for tests that must know them. */
    public List<byte[]> addresses(int n, double randomised) {
        List<byte[]> out = new ArrayList<>(n);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (out.size() < n) {
            byte[] a = address(out.size() < n * randomised);
            long key = 0;
            for (byte x : a) {
                key = key << 8 | (x & 0xff);
            }
            if (seen.add(key)) {
                out.add(a);
            }
        }
        return out;
    }
}
