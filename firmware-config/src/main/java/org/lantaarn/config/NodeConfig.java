package org.lantaarn.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lantaarn.protocol.Location;

/**
 * One node's configuration, {@code schema: lantaarn.config/1}. Instances are built by
 * {@link ConfigLoader} from a document that passed validation, or directly in code and tests.
 *
 * @param node        node id, also the MQTT client id and (with TLS) the certificate CN
 * @param site        site id used in twin topics
 * @param version     monotonic configuration version
 * @param location    where the node hangs
 * @param purpose     why the node measures, in plain language (transparency)
 * @param legalGround the legal ground for measuring (transparency)
 * @param uplink      broker and outbox settings
 * @param window      default window length for every stream
 * @param streams     what the node measures
 */
public record NodeConfig(
        String node,
        String site,
        long version,
        Location location,
        String purpose,
        String legalGround,
        UplinkConfig uplink,
        Duration window,
        List<StreamConfig> streams) {

    public static final String SCHEMA = "lantaarn.config/1";

    public NodeConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(window, "window");
        streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
    }

    /** The window length of a stream: its own, or the node's default. */
    public Duration windowOf(StreamConfig stream) {
        return stream.window() != null ? stream.window() : window;
    }

    public Optional<StreamConfig> stream(String id) {
        return streams.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
