package org.lantaarn.node.sensor.wifi;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;

/**
 * The default {@code wifi-presence} driver, {@code pcap}: reads probe requests from a pcap stream. Settings:
 * {@code source} (required: a file, a named pipe, or {@code -} for standard input, as written by
 * {@code tcpdump -i wlan0mon -U -w - type mgt subtype probe-req}); {@code rssiMin} (dBm, default -75: weaker
 * frames come from beyond the public space in front of the node and are dropped, as are frames without a
 * signal field); {@code timestamps} ({@code capture}, the default, uses the time of each pcap record;
 * {@code arrival} uses the node's clock when the frame is read, for replayed files; a replayed old capture with
 * {@code capture} makes every window {@code late-records: N dropped}); {@code openTimeout} (default 10s). pcap
 * and pcapng are both read.
 */
public final class WifiPresenceProvider implements SensorDriverProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return WifiPresenceDriver.disclosures(org.lantaarn.config.PrivacyConfig.DEFAULT_PROBE_CLIP);
    }

    /** What a stream with the given probe clip declares: every value in the group {@code devices}. */
    public static java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures(int probeClip) {
        return WifiPresenceDriver.disclosures(probeClip);
    }

    /** The default signal threshold. */
    public static final int DEFAULT_RSSI_MIN = -75;

    @Override
    public String sensor() {
        return "wifi-presence";
    }

    @Override
    public String driver() {
        return "pcap";
    }

    @Override
    public boolean isDefaultForSensor() {
        return true;
    }

    /** The settings this driver reads. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.text("source", "a pcap or pcapng file, a named pipe, or - for standard input").mustBeGiven(),
            Setting.integer("rssiMin", -127, 0, "dBm; weaker frames are dropped; default " + DEFAULT_RSSI_MIN),
            Setting.choice("timestamps", "capture (the default: each record's own time) or arrival (the node's clock)",
                    "capture", "arrival"),
            Settings.OPEN_TIMEOUT_SETTING);

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        return open(stream, context, null);
    }

    /**
     * The same driver reading a pcap stream from {@code capture} instead of the {@code source} setting (opened
     * once, read until it ends): for capture sources that are not files, such as the simulator's virtual crowd,
     * which then pass through exactly the parser, filter and tokens a real capture does.
     */
    public static SensorDriver openOn(StreamConfig stream, DriverContext context, java.util.concurrent.Callable<java.io.InputStream> capture)
            throws SensorException {
        return new WifiPresenceProvider().open(stream, context, java.util.Objects.requireNonNull(capture, "capture"));
    }

    private SensorDriver open(StreamConfig stream, DriverContext context, java.util.concurrent.Callable<java.io.InputStream> capture)
            throws SensorException {
        if (capture != null) {
            return new WifiPresenceDriver(stream, context, null, capture, rssiMin(stream), arrival(stream), Settings.openTimeout(stream));
        }
        String source = stream.setting("source").orElseThrow(() -> new SensorException(
                "stream " + stream.id() + ": setting 'source' is required: a pcap file, a named pipe, or - for standard input"));
        Path path = null;
        if (!source.equals("-")) {
            try {
                path = Path.of(source);
            } catch (InvalidPathException e) {
                throw new SensorException("stream " + stream.id() + ": setting 'source' is not a path: " + e.getReason());
            }
            if (!Files.exists(path)) {
                throw new SensorException("stream " + stream.id() + ": no capture at " + source
                        + " (create the pipe with mkfifo, or start tcpdump first)");
            }
        }
        return new WifiPresenceDriver(stream, context, path, rssiMin(stream), arrival(stream), Settings.openTimeout(stream));
    }

    private static int rssiMin(StreamConfig stream) throws SensorException {
        int rssiMin = DEFAULT_RSSI_MIN;
        String r = stream.settings().get("rssiMin");
        if (r != null) {
            try {
                rssiMin = Integer.parseInt(r.strip());
            } catch (NumberFormatException e) {
                throw new SensorException("stream " + stream.id() + ": setting 'rssiMin' must be a whole number of dBm, such as -75");
            }
            if (rssiMin < -127 || rssiMin > 0) {
                throw new SensorException("stream " + stream.id() + ": setting 'rssiMin' must be between -127 and 0 dBm");
            }
        }
        return rssiMin;
    }

    private static boolean arrival(StreamConfig stream) throws SensorException {
        String ts = stream.settings().getOrDefault("timestamps", "capture");
        if (!ts.equals("capture") && !ts.equals("arrival")) {
            throw new SensorException("stream " + stream.id() + ": setting 'timestamps' must be capture or arrival");
        }
        return ts.equals("arrival");
    }
}
