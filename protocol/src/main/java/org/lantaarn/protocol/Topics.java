package org.lantaarn.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * Builds and parses the topic tree of wire contract version 1 under a configurable prefix
 * (default {@value #DEFAULT_PREFIX}).
 *
 * <pre>
 * {prefix}/nodes/{node}/status            node → all, retained
 * {prefix}/nodes/{node}/obs/{stream}      node → gateway (lantaarn.obs/1 or lantaarn.gap/1)
 * {prefix}/nodes/{node}/health            node → gateway
 * {prefix}/nodes/{node}/config            operator → node, retained
 * {prefix}/nodes/{node}/config/ack        node → gateway
 * {prefix}/nodes/{node}/receipt           gateway → node, retained
 * {prefix}/twin/{site}/{node}/{stream}    gateway → twin
 * {prefix}/twin/{site}/{node}/status      gateway → twin, retained
 * </pre>
 */
public final class Topics {
    public static final String DEFAULT_PREFIX = "lantaarn/v1";

    /** The kinds of topic in the tree. */
    public enum Kind { STATUS, OBS, HEALTH, CONFIG, CONFIG_ACK, RECEIPT, TWIN_OBS, TWIN_STATUS }

    /** A parsed topic: its kind and the ids in it ({@code stream} and {@code site} are null where the kind has none). */
    public record Ref(Kind kind, String node, String stream, String site) {}

    private final String prefix;

    public Topics(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException("topic prefix must be non-empty, without leading or trailing '/', '+' or '#': " + prefix);
        }
        this.prefix = prefix;
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    private String node(String node) {
        return prefix + "/nodes/" + Ids.require("node", node);
    }

    public String status(String node) {
        return node(node) + "/status";
    }

    public String obs(String node, String stream) {
        return node(node) + "/obs/" + Ids.requireStream("stream", stream);
    }

    public String health(String node) {
        return node(node) + "/health";
    }

    public String config(String node) {
        return node(node) + "/config";
    }

    public String configAck(String node) {
        return node(node) + "/config/ack";
    }

    public String receipt(String node) {
        return node(node) + "/receipt";
    }

    public String twinObs(String site, String node, String stream) {
        return prefix + "/twin/" + Ids.require("site", site) + "/" + Ids.require("node", node) + "/" + Ids.requireStream("stream", stream);
    }

    public String twinStatus(String site, String node) {
        return prefix + "/twin/" + Ids.require("site", site) + "/" + Ids.require("node", node) + "/status";
    }

    /** The filter a gateway subscribes to: everything nodes send. */
    public String allNodes() {
        return prefix + "/nodes/+/#";
    }

    /** The filter a twin consumer subscribes to. */
    public String allTwin() {
        return prefix + "/twin/#";
    }

    /**
     * Parses a concrete topic. Empty when the topic is outside the tree or an id in it is not valid.
     * A stream named {@code status} cannot be told apart from the twin status topic, so the
     * codec and the configuration validator refuse that stream id (see {@link Ids#RESERVED_STREAM_IDS}).
     */
    public Optional<Ref> parse(String topic) {
        if (topic == null || !topic.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String[] p = topic.substring(prefix.length() + 1).split("/", -1);
        if (p.length >= 3 && p[0].equals("nodes") && Ids.isValid(p[1])) {
            String node = p[1];
            if (p.length == 3) {
                return switch (p[2]) {
                    case "status" -> ref(Kind.STATUS, node, null, null);
                    case "health" -> ref(Kind.HEALTH, node, null, null);
                    case "config" -> ref(Kind.CONFIG, node, null, null);
                    case "receipt" -> ref(Kind.RECEIPT, node, null, null);
                    default -> Optional.empty();
                };
            }
            if (p.length == 4 && p[2].equals("obs") && Ids.isValid(p[3])) {
                return ref(Kind.OBS, node, p[3], null);
            }
            if (p.length == 4 && p[2].equals("config") && p[3].equals("ack")) {
                return ref(Kind.CONFIG_ACK, node, null, null);
            }
            return Optional.empty();
        }
        if (p.length == 4 && p[0].equals("twin") && Ids.isValid(p[1]) && Ids.isValid(p[2]) && Ids.isValid(p[3])) {
            return p[3].equals("status")
                    ? ref(Kind.TWIN_STATUS, p[2], null, p[1])
                    : ref(Kind.TWIN_OBS, p[2], p[3], p[1]);
        }
        return Optional.empty();
    }

    private static Optional<Ref> ref(Kind kind, String node, String stream, String site) {
        return Optional.of(new Ref(kind, node, stream, site));
    }
}
