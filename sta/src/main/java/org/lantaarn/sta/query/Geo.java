package org.lantaarn.sta.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometries a filter compares: points, line strings and polygons (outer ring only) in WGS84 longitude/latitude,
 * read from GeoJSON (the entities) or from WKT in a {@code geography'...'} literal. Distances and lengths are great
 * circle distances in metres on a sphere of radius 6,371,008.8 m.
 */
public sealed interface Geo {
    double EARTH_RADIUS_M = 6_371_008.8;

    record Point(double lon, double lat) implements Geo {}

    record LineString(List<Point> points) implements Geo {}

    record Polygon(List<Point> ring) implements Geo {}

    /** A GeoJSON geometry, or null when the JSON is not one of the supported types. */
    static Geo fromGeoJson(JsonNode g) {
        if (g == null || !g.isObject()) {
            return null;
        }
        String type = g.path("type").asText();
        JsonNode c = g.path("coordinates");
        return switch (type) {
            case "Point" -> point(c);
            case "LineString" -> new LineString(points(c));
            case "Polygon" -> c.size() == 0 ? null : new Polygon(points(c.get(0)));
            default -> null;
        };
    }

    private static Point point(JsonNode c) {
        return new Point(c.path(0).asDouble(), c.path(1).asDouble());
    }

    private static List<Point> points(JsonNode c) {
        List<Point> out = new ArrayList<>();
        c.forEach(p -> out.add(point(p)));
        return out;
    }

    /** Parses {@code POINT(x y)}, {@code LINESTRING(x y, ...)} or {@code POLYGON((x y, ...))}. */
    static Geo fromWkt(String wkt) {
        String s = wkt.strip();
        int open = s.indexOf('(');
        if (open < 0 || !s.endsWith(")")) {
            throw new IllegalArgumentException("not WKT: " + wkt);
        }
        String kind = s.substring(0, open).strip().toUpperCase(Locale.ROOT);
        String body = s.substring(open + 1, s.length() - 1).strip();
        return switch (kind) {
            case "POINT" -> {
                List<Point> p = wktPoints(body);
                if (p.size() != 1) {
                    throw new IllegalArgumentException("a POINT has one coordinate pair");
                }
                yield p.getFirst();
            }
            case "LINESTRING" -> new LineString(wktPoints(body));
            case "POLYGON" -> {
                if (!body.startsWith("(")) {
                    throw new IllegalArgumentException("a POLYGON is POLYGON((x y, ...))");
                }
                int close = body.indexOf(')');
                List<Point> ring = wktPoints(body.substring(1, close));
                if (ring.size() < 4) {
                    throw new IllegalArgumentException("a POLYGON ring has at least four points (closed)");
                }
                yield new Polygon(ring);
            }
            default -> throw new IllegalArgumentException("unsupported geometry " + kind + " (POINT, LINESTRING, POLYGON)");
        };
    }

    private static List<Point> wktPoints(String body) {
        List<Point> out = new ArrayList<>();
        for (String pair : body.split(",")) {
            String[] xy = pair.strip().split("\\s+");
            if (xy.length < 2) {
                throw new IllegalArgumentException("a coordinate is 'lon lat': " + pair.strip());
            }
            out.add(new Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
        }
        return out;
    }

    static double distance(Geo a, Geo b) {
        if (a instanceof Point p && b instanceof Point q) {
            return haversine(p, q);
        }
        if (a instanceof Point p && b instanceof Polygon poly) {
            return contains(poly, p) ? 0 : poly.ring().stream().mapToDouble(q -> haversine(p, q)).min().orElse(Double.NaN);
        }
        if (b instanceof Point && a instanceof Polygon) {
            return distance(b, a);
        }
        if (a instanceof Point p && b instanceof LineString l) {
            return l.points().stream().mapToDouble(q -> haversine(p, q)).min().orElse(Double.NaN);
        }
        if (b instanceof Point && a instanceof LineString) {
            return distance(b, a);
        }
        throw new IllegalArgumentException("geo.distance is defined here between a point and another geometry");
    }

    static double length(Geo g) {
        if (g instanceof LineString l) {
            double sum = 0;
            for (int i = 1; i < l.points().size(); i++) {
                sum += haversine(l.points().get(i - 1), l.points().get(i));
            }
            return sum;
        }
        throw new IllegalArgumentException("geo.length needs a LINESTRING");
    }

    static double haversine(Point p, Point q) {
        double dLat = Math.toRadians(q.lat() - p.lat());
        double dLon = Math.toRadians(q.lon() - p.lon());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(p.lat())) * Math.cos(Math.toRadians(q.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Ray casting: whether the point lies inside the polygon's ring. */
    static boolean contains(Polygon poly, Point p) {
        boolean inside = false;
        List<Point> r = poly.ring();
        for (int i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            Point a = r.get(i);
            Point b = r.get(j);
            if ((a.lat() > p.lat()) != (b.lat() > p.lat())
                    && p.lon() < (b.lon() - a.lon()) * (p.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** Whether {@code a} lies within {@code b} (a point within a polygon, or equal points). */
    static boolean within(Geo a, Geo b) {
        if (a instanceof Point p && b instanceof Polygon poly) {
            return contains(poly, p);
        }
        if (a instanceof Point p && b instanceof Point q) {
            return p.equals(q);
        }
        throw new IllegalArgumentException("st_within is defined here for a point within a polygon or point");
    }

    static boolean intersects(Geo a, Geo b) {
        if (a instanceof Polygon && b instanceof Point) {
            return within(b, a);
        }
        return within(a, b);
    }
}
