package org.lantaarn.sta.model;

/**
 * Entity ids: readable strings made only of the node, stream and value names (and the window's seq), so they are
 * the same after a restart and on every gateway replica that shares the store. Node, stream and site ids are
 * {@code [A-Za-z0-9._-]}, value names as the drivers publish them, so {@code :} separates the parts unambiguously.
 */
public final class StaIds {
    private StaIds() {}

    public static String thing(String node) {
        return node;
    }

    public static String location(String node) {
        return node;
    }

    public static String featureOfInterest(String node) {
        return node;
    }

    public static String sensor(String kind) {
        return kind;
    }

    public static String datastream(String node, String stream, String value) {
        return node + ":" + stream + ":" + value;
    }

    public static String observation(String node, String stream, long seq, String value) {
        return node + ":" + stream + ":" + seq + ":" + value;
    }

    /** The id as it appears in a URL or topic: a quoted string, quotes doubled. */
    public static String literal(String id) {
        return "'" + id.replace("'", "''") + "'";
    }
}
