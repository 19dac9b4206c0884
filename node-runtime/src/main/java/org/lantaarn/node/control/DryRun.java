package org.lantaarn.node.control;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.config.pki.TlsFiles;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;

/**
 * Tries a candidate configuration without running it: the uplink settings parse (broker URI, TLS files that load
 * and a private key only its owner can read), and the driver of every stream that is new or changed opens and
 * closes again. Streams the active configuration already runs unchanged are not opened twice (a serial port
 * may be held by the running driver).
 */
final class DryRun {
    private DryRun() {}

    /** Empty when the candidate can run; otherwise why not. */
    static Optional<String> check(NodeConfig candidate, NodeConfig active, List<SensorDriverProvider> providers,
                                  Clock clock, ScheduledExecutorService scheduler) {
        String broker = candidate.uplink().broker();
        if (!broker.startsWith("tcp://") && !broker.startsWith("ssl://")) {
            return Optional.of("uplink.broker must be tcp:// or ssl://: " + broker);
        }
        if (broker.startsWith("ssl://") && candidate.uplink().tls() == null) {
            return Optional.of("an ssl:// broker needs uplink.tls");
        }
        if (broker.startsWith("tcp://") && candidate.uplink().tls() != null) {
            return Optional.of("uplink.tls is set but the broker is plain tcp://");
        }
        if (candidate.uplink().tls() != null) {
            var t = candidate.uplink().tls();
            try {
                new TlsFiles(t.caFile(), t.certFile(), t.keyFile()).context();
            } catch (PkiException e) {
                return Optional.of("uplink TLS: " + e.getMessage());
            }
        }
        for (StreamConfig s : candidate.streams()) {
            if (active != null && active.streams().contains(s) && active.windowOf(s).equals(candidate.windowOf(s))) {
                continue;
            }
            List<SensorDriverProvider> matching = providers.stream()
                    .filter(p -> s.sensor().equals(p.sensor()))
                    .filter(p -> s.driver() == null ? p.isDefaultForSensor() : s.driver().equals(p.driver()))
                    .toList();
            if (matching.isEmpty()) {
                return Optional.of("stream '" + s.id() + "': no driver " + (s.driver() == null ? "" : "'" + s.driver() + "' ")
                        + "for sensor '" + s.sensor() + "'");
            }
            SensorDriver d = null;
            try {
                d = matching.getFirst().open(s, new DriverContext(candidate.node(), clock, scheduler));
                if (d.descriptor() == null) {
                    return Optional.of("stream '" + s.id() + "': driver gave no descriptor");
                }
            } catch (Exception e) {
                return Optional.of("stream '" + s.id() + "': sensor " + s.sensor() + " did not open: " + e.getMessage());
            } finally {
                if (d != null) {
                    try {
                        d.close();
                    } catch (RuntimeException ignored) {
                        // a driver that fails to close after a dry run does not make the candidate fail
                    }
                }
            }
        }
        return Optional.empty();
    }
}
