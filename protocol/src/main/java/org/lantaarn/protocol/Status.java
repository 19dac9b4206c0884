package org.lantaarn.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node's retained status ({@code lantaarn.status/1}). The birth ({@code online}) carries the runtime
 * version, active configuration version and hash, site, location and the streams with their privacy
 * manifests. The graceful death and the broker's last will ({@code offline}) may carry only node, state
 * and time; {@code at} is {@code null} in a last will, which is written before the connection exists.
 */
public record Status(
        String node,
        State state,
        Instant at,
        String runtimeVersion,
        Long configVersion,
        String configHash,
        String site,
        Location location,
        List<StreamInfo> streams) implements Message {

    /** Online after a birth, offline after a graceful shutdown or when the broker publishes the last will. */
    public enum State {
        ONLINE("online"), OFFLINE("offline");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static State fromWire(String s) {
            for (State st : values()) {
                if (st.wire.equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("state must be online or offline");
        }
    }

    /**
     * Longest runtime version, in characters; the gateway copies it into every twin observation's metadata, so it is
     * part of {@link JsonCodec#TWIN_ENRICHMENT_BYTES}.
     */
    public static final int MAX_RUNTIME_VERSION_CHARS = 64;

    public Status {
        Ids.require("node", node);
        Objects.requireNonNull(state, "state");
        if (runtimeVersion != null && runtimeVersion.length() > MAX_RUNTIME_VERSION_CHARS) {
            throw new IllegalArgumentException("runtimeVersion must be at most " + MAX_RUNTIME_VERSION_CHARS + " characters: "
                    + runtimeVersion.length());
        }
        if (site != null) {
            Ids.require("site", site);
        }
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** The offline status a node leaves behind, either as its last will or on a graceful shutdown. */
    public static Status offline(String node, Instant at, String site, Location location) {
        return new Status(node, State.OFFLINE, at, null, null, null, site, location, List.of());
    }

    @Override
    public String schema() {
        return SchemaIds.STATUS;
    }
}
