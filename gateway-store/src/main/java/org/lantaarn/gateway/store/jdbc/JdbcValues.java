package org.lantaarn.gateway.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Column values both JDBC stores read and write the same way: nullable numbers, locations, stored JSON. */
public final class JdbcValues {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcValues.class);

    private JdbcValues() {}

    /** A nullable integer column as a {@code Long}. */
    public static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** A nullable epoch-millisecond column as an {@code Instant}. */
    public static Instant nullableInstant(ResultSet rs, int col) throws SQLException {
        Long ms = nullableLong(rs, col);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /**
     * The location in the four columns from {@code col}: latitude, longitude, height, description; null when the
     * latitude is. A description longer than the protocol allows (stored by a version without the bound) is cut.
     */
    public static Location location(ResultSet rs, int col) throws SQLException {
        double lat = rs.getDouble(col);
        if (rs.wasNull()) {
            return null;
        }
        double lon = rs.getDouble(col + 1);
        double height = rs.getDouble(col + 2);
        Double h = rs.wasNull() ? null : height;
        String description = rs.getString(col + 3);
        if (description != null && description.length() > Location.MAX_DESCRIPTION_CHARS) {
            description = description.substring(0, Location.MAX_DESCRIPTION_CHARS);
        }
        return new Location(lat, lon, h, description);
    }

    /** Stored wire JSON as a message of {@code type}; null (and a warning) when absent or no longer decodable. */
    public static <T extends Message> T decodeAs(JsonCodec codec, String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        Decoded d = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        if (d instanceof Decoded.Accepted(Message m) && type.isInstance(m)) {
            return type.cast(m);
        }
        LOG.warn("stored {} no longer decodes: {}", type.getSimpleName(), d);
        return null;
    }

    /** Binds a parameter that may be null: a {@code String}, {@code Long}, {@code Integer} or {@code Double}. */
    public static void set(PreparedStatement p, int index, Object v) throws SQLException {
        switch (v) {
            case null -> p.setNull(index, Types.NULL);
            case String s -> p.setString(index, s);
            case Long l -> p.setLong(index, l);
            case Integer n -> p.setInt(index, n);
            case Double d -> p.setDouble(index, d);
            default -> throw new IllegalArgumentException("unsupported parameter " + v.getClass());
        }
    }

    /** Runs an insert, update or delete with {@code args} bound in order; returns the rows it changed. */
    public static long execute(java.sql.Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                set(p, i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }
}
