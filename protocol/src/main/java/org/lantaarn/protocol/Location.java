package org.lantaarn.protocol;

/**
 * Where a node hangs: WGS84 latitude and longitude in degrees, optional height above ground in metres,
 * and a description a person recognises ("lamppost 14, Hinthamerstraat").
 */
public record Location(double lat, double lon, Double height, String description) {
    /**
     * Longest description, in characters. The gateway adds the location to every twin copy, so its size is part of
     * {@link JsonCodec#TWIN_ENRICHMENT_BYTES}.
     */
    public static final int MAX_DESCRIPTION_CHARS = 200;

    public Location {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("location lat must be between -90 and 90: " + lat);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("location lon must be between -180 and 180: " + lon);
        }
        if (height != null && !Double.isFinite(height)) {
            throw new IllegalArgumentException("location height must be a finite number: " + height);
        }
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("location description must be at most " + MAX_DESCRIPTION_CHARS + " characters: "
                    + description.length());
        }
    }
}
