package org.lantaarn.node.sensor.wifi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lantaarn.config.Durations;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.privacy.KeyedTokens;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.node.sensor.SensorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads probe requests from a pcap source on a thread of its own, drops those weaker than {@code rssiMin}
 * or without a signal, turns each address into a keyed token at once and delivers only the token. The key
 * ({@link KeyedTokens}) is made when the driver starts, replaced every {@code keyRotation} (on the runtime's
 * scheduler as well, so a silent stream rotates too) and wiped when the driver closes. A regular file is
 * read once; a named pipe is opened again when its writer goes away; standard input is read until it ends.
 * Only counts of what was read are logged, never frame contents. Thread-safe.
 */
final class WifiPresenceDriver implements SensorDriver {
    private static final Logger log = LoggerFactory.getLogger(WifiPresenceDriver.class);
    private static final Duration REOPEN_DELAY = Duration.ofSeconds(1);

    private final StreamConfig stream;
    private final DriverContext context;
    private final Path source; // null: standard input or a supplied stream
    private final java.util.concurrent.Callable<InputStream> supplied; // null unless a stream is supplied
    private final int rssiMin;
    private final boolean arrivalTime;
    private final Duration rotation;

    private KeyedTokens tokens;
    private Thread reader;
    private ScheduledFuture<?> rotationTimer;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private volatile CaptureStats last = new CaptureStats(0, 0, 0, 0, 0, 0);
    private volatile long weak; // written by the reader thread only
    private volatile long noSignal;
    private volatile long delivered;

    WifiPresenceDriver(StreamConfig stream, DriverContext context, Path source, int rssiMin, boolean arrivalTime) {
        this(stream, context, source, null, rssiMin, arrivalTime);
    }

    WifiPresenceDriver(StreamConfig stream, DriverContext context, Path source, java.util.concurrent.Callable<InputStream> supplied,
                       int rssiMin, boolean arrivalTime) {
        this.stream = stream;
        this.context = context;
        this.source = source;
        this.supplied = supplied;
        this.rssiMin = rssiMin;
        this.arrivalTime = arrivalTime;
        this.rotation = stream.privacy().keyRotation();
    }

    @Override
    public SensorDescriptor descriptor() {
        Map<String, String> units = new LinkedHashMap<>();
        for (String v : new String[] {PresenceAccumulator.DEVICES, PresenceAccumulator.RANDOMISED, PresenceAccumulator.GLOBAL,
                PresenceAccumulator.PROBES, PresenceAccumulator.DWELL_LT_5M, PresenceAccumulator.DWELL_5_15M,
                PresenceAccumulator.DWELL_15_60M, PresenceAccumulator.DWELL_GT_60M}) {
            units.put(v, "count");
        }
        return new SensorDescriptor(SensorDescriptor.Aggregation.PRESENCE, units, 0,
                "Wi-Fi devices (phones searching for networks) within about 30 m, counted per window: distinct devices, "
                        + "of which with randomised and with fixed addresses, probe requests, and how long devices stay; "
                        + "addresses become keyed tokens on arrival, the key is replaced every "
                        + Durations.format(rotation) + ", and signals weaker than " + rssiMin + " dBm are ignored",
                true, disclosures(stream.privacy().probeClip()));
    }

    /** The group of every value: suppressed whole in a window that counts fewer than k distinct devices. */
    public static final SuppressionGroup DEVICES = new SuppressionGroup("devices", PresenceAccumulator.DEVICES);

    /**
     * Every value counts devices: one device adds 1 to {@code devices}, 1 to one of its two parts, 1 to one dwell bin
     * (declared 1 for each, which overstates the bins' joint sensitivity) and at most {@code probeClip} to {@code probes}.
     */
    public static Map<String, Disclosure> disclosures(int probeClip) {
        Map<String, Disclosure> d = new LinkedHashMap<>();
        d.put(PresenceAccumulator.DEVICES, Disclosure.person(DEVICES, 1));
        d.put(PresenceAccumulator.RANDOMISED, Disclosure.person(DEVICES, 1));
        d.put(PresenceAccumulator.GLOBAL, Disclosure.person(DEVICES, 1));
        d.put(PresenceAccumulator.PROBES, Disclosure.person(DEVICES, probeClip));
        for (String bin : new String[] {PresenceAccumulator.DWELL_LT_5M, PresenceAccumulator.DWELL_5_15M,
                PresenceAccumulator.DWELL_15_60M, PresenceAccumulator.DWELL_GT_60M}) {
            d.put(bin, Disclosure.person(DEVICES, 1));
        }
        return Disclosures.check(d);
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (reader != null) {
            throw new IllegalStateException("driver already started");
        }
        tokens = KeyedTokens.create(context.clock(), rotation);
        scheduleRotation();
        reader = Thread.ofPlatform().daemon(true).name("lantaarn-wifi-" + context.node() + "-" + stream.id())
                .start(() -> readLoop(sink));
    }

    private synchronized void scheduleRotation() {
        if (closed) {
            return;
        }
        long delay = Math.max(1, tokens.epochEnd().toEpochMilli() - context.clock().millis());
        rotationTimer = context.scheduler().schedule(() -> {
            tokens.rotateIfDue();
            scheduleRotation();
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void readLoop(SampleSink sink) {
        ProbeListener listener = new ProbeListener() {
            @Override
            public void probe(long epochNanos, int rssiDbm, boolean locallyAdministered, byte[] address) {
                if (rssiDbm == PcapReader.NO_SIGNAL) {
                    noSignal++;
                    return;
                }
                if (rssiDbm < rssiMin) {
                    weak++;
                    return;
                }
                long token;
                Instant epoch;
                synchronized (tokens) {
                    token = tokens.token(address);
                    epoch = tokens.epochStart();
                }
                Instant at = arrivalTime ? context.clock().instant() : Instant.ofEpochSecond(0, epochNanos);
                delivered++;
                sink.device(at, token, locallyAdministered, epoch);
            }

            @Override
            public void skipped(String reason) {
                sink.fault(context.clock().instant(), reason);
            }
        };
        boolean again = true;
        while (again && !closed) {
            again = false;
            PcapReader pcap = null;
            try (InputStream in = openSource()) {
                pcap = new PcapReader(in, listener);
                PcapReader.End end = pcap.readAll();
                last = pcap.stats();
                log.info("node {} stream {}: capture ended ({}): {}; dropped {} weaker than {} dBm and {} without a signal",
                        context.node(), stream.id(), end, last, weak, rssiMin, noSignal);
                again = source != null && !Files.isRegularFile(source);
            } catch (ClosedChannelException e) {
                return; // closed
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                sink.fault(context.clock().instant(), "capture source cannot be read: " + e.getClass().getSimpleName());
                log.warn("node {} stream {}: capture source cannot be read: {}", context.node(), stream.id(), e.getMessage());
                again = source != null;
            } catch (RuntimeException e) {
                if (closed) {
                    return; // the key was wiped under a frame being read
                }
                throw e;
            } finally {
                if (pcap != null) {
                    last = pcap.stats();
                }
            }
            if (again && !closed) {
                try {
                    Thread.sleep(REOPEN_DELAY); // a pipe's writer went away: wait before opening it again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private InputStream openSource() throws IOException {
        if (supplied != null) {
            try {
                return supplied.call();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("the capture stream could not be opened", e);
            }
        }
        if (source == null) {
            return new NonClosingInput(System.in);
        }
        FileChannel ch = FileChannel.open(source, StandardOpenOption.READ);
        channel = ch;
        return Channels.newInputStream(ch);
    }

    /** What the capture has read so far (for tests and the self-test). */
    CaptureStats stats() {
        return last;
    }

    /** Probe requests turned into tokens and delivered. */
    long delivered() {
        return delivered;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rotationTimer != null) {
            rotationTimer.cancel(false);
        }
        if (reader != null) {
            reader.interrupt(); // closes an interruptible channel blocked in read
        }
        FileChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing for shutdown: nothing more to do
            }
        }
        if (tokens != null) {
            tokens.close();
        }
        releaseBlockedOpen();
    }

    /**
     * A reader waiting in open() on a named pipe that has no writer cannot be interrupted; opening the pipe
     * for writing once lets that open return, and the reader then sees the end of the stream and stops.
     */
    private void releaseBlockedOpen() {
        Thread r = reader;
        if (r == null || source == null || Files.isRegularFile(source)) {
            return;
        }
        Thread.ofVirtual().name("lantaarn-wifi-release-" + stream.id()).start(() -> {
            try {
                r.join(REOPEN_DELAY);
                if (r.isAlive()) {
                    FileChannel.open(source, StandardOpenOption.WRITE).close();
                }
            } catch (IOException | InterruptedException ignored) {
                // nothing more can be done; the reader is a daemon thread
            }
        });
    }

    /** Standard input is not ours to close. */
    private static final class NonClosingInput extends java.io.FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
