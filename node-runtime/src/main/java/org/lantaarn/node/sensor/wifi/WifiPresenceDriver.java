package org.lantaarn.node.sensor.wifi;

import static org.lantaarn.node.sensor.wifi.ProbeListener.NO_CAPTURE_TIME;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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
import org.lantaarn.node.sensor.DeviceReader;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SourceFiles;
import org.lantaarn.node.sensor.ZeroingChannelInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and reads a pcap or pcapng source on a thread of its own ({@link DeviceReader}: an open that hangs, such
 * as a named pipe nobody writes, leaves the stream {@code sensor-absent: open timed out after Ns} and is tried
 * again with backoff), finds the probe requests, drops those weaker than {@code rssiMin}
 * or without a signal, turns each address into a keyed token at once and delivers only the token. The key
 * ({@link KeyedTokens}) is made when the driver starts, replaced every {@code keyRotation} (on the runtime's
 * scheduler as well, so a silent stream rotates too) and wiped when the driver closes. A regular file is
 * read once, then the stream is {@code source-ended}; a named pipe is opened again when its writer goes away;
 * standard input is read until it ends. A capture that cannot be read at all is
 * {@code capture-unreadable: <reason>}.
 * Only counts of what was read are logged, never frame contents. Thread-safe.
 */
final class WifiPresenceDriver implements SensorDriver {
    private static final Logger log = LoggerFactory.getLogger(WifiPresenceDriver.class);
    /** Condition of a capture that cannot be read at all (wrong magic, unsupported link type, ...). */
    static final String CAPTURE_UNREADABLE = "capture-unreadable";

    private final StreamConfig stream;
    private final DriverContext context;
    private final Path source; // null: standard input or a supplied stream
    private final java.util.concurrent.Callable<InputStream> supplied; // null unless a stream is supplied
    private final int rssiMin;
    private final boolean arrivalTime;
    private final Duration rotation;

    private final Duration openTimeout;

    private KeyedTokens tokens;
    private DeviceReader reader;
    private ScheduledFuture<?> rotationTimer;
    private volatile boolean closed;
    private volatile CaptureStats last = new CaptureStats(0, 0, 0, 0, 0, 0);
    private volatile long weak; // written by the reader thread only
    private volatile long noSignal;
    private volatile long delivered;

    WifiPresenceDriver(StreamConfig stream, DriverContext context, Path source, int rssiMin, boolean arrivalTime, Duration openTimeout) {
        this(stream, context, source, null, rssiMin, arrivalTime, openTimeout);
    }

    WifiPresenceDriver(StreamConfig stream, DriverContext context, Path source, java.util.concurrent.Callable<InputStream> supplied,
                       int rssiMin, boolean arrivalTime, Duration openTimeout) {
        this.openTimeout = openTimeout;
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
        boolean pipe = source != null && SourceFiles.isNamedPipe(source);
        String describe = supplied != null ? "the supplied capture" : source == null ? "standard input" : source.toString();
        reader = DeviceReader.builder("lantaarn-wifi-" + context.node() + "-" + stream.id(), describe, () -> session(sink, describe), sink, context)
                .path(source).openTimeout(openTimeout).atEnd(pipe ? DeviceReader.AtEnd.REOPEN : DeviceReader.AtEnd.STOP).build();
        reader.start();
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

    private ProbeListener listener(SampleSink sink) {
        return new ProbeListener() {
            @Override
            public void probe(long epochNanos, int rssiDbm, boolean locallyAdministered, byte[] address) {
                reader.progress();
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
                Instant at = arrivalTime || epochNanos == NO_CAPTURE_TIME ? context.clock().instant() : Instant.ofEpochSecond(0, epochNanos);
                delivered++;
                sink.device(at, token, locallyAdministered, epoch);
            }

            @Override
            public void skipped(String reason) {
                reader.progress();
                sink.fault(context.clock().instant(), reason);
            }
        };
    }

    /**
     * Opens the capture on the reader's thread: a file or named pipe as a channel, standard input as file descriptor 0
     * (never {@link System#in}'s buffer); every source is read the same way, through the one direct buffer of a
     * {@link ZeroingChannelInput} into the {@link PcapReader}'s own buffer, both zeroed as soon as the bytes are used.
     */
    private DeviceReader.Session session(SampleSink sink, String describe) throws IOException {
        InputStream in = openSource();
        return new DeviceReader.Session() {
            @Override
            public void read() throws IOException {
                PcapReader pcap = new PcapReader(in, listener(sink));
                try {
                    PcapReader.End end = pcap.readAll();
                    last = pcap.stats();
                    log.info("node {} stream {}: capture ended ({}): {}; dropped {} weaker than {} dBm and {} without a signal",
                            context.node(), stream.id(), end, last, weak, rssiMin, noSignal);
                    if (end == PcapReader.End.NOT_READABLE) {
                        throw new DeviceReader.Unreadable(CAPTURE_UNREADABLE + ": " + pcap.problem());
                    }
                } catch (RuntimeException e) {
                    if (closed) {
                        return; // the key was wiped under a frame being read
                    }
                    throw e;
                } finally {
                    last = pcap.stats();
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
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
        return new ZeroingChannelInput(source == null ? SourceFiles.stdin() : SourceFiles.open(source));
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
            reader.close(); // closes the channel under a blocked read, releases a blocked open of a named pipe
        }
        if (tokens != null) {
            tokens.close();
        }
    }
}
