package org.lantaarn.sim.city;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.Location;

/**
 * A street as a polyline of WGS84 points, with the site it belongs to. Lampposts are placed at equal
 * distances along it.
 */
public record Street(String name, String slug, String site, List<double[]> points) {

    /**
     * The Hinthamerstraat in 's-Hertogenbosch, from the Markt east to the Hinthamereinde: a shopping
     * street the city's visitor-flow dashboard watches.
     */
    public static Street hinthamerstraat() {
        return new Street("Hinthamerstraat", "hinthamerstraat", "den-bosch-centrum", List.of(
                new double[] {51.68881, 5.30455},
                new double[] {51.68869, 5.30830},
                new double[] {51.68874, 5.31200},
                new double[] {51.68886, 5.31640}));
    }

    public Street {
        Objects.requireNonNull(name, "name");
        Ids.require("street slug", slug);
        Ids.require("site", site);
        if (points.size() < 2) {
            throw new IllegalArgumentException("a street needs at least two points");
        }
        points = List.copyOf(points);
    }

    /** {@code n} lampposts at equal distances from the first point to the last. */
    public List<Location> lampposts(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of lampposts must be at least 1: " + n);
        }
        double[] cumulative = new double[points.size()];
        for (int i = 1; i < points.size(); i++) {
            cumulative[i] = cumulative[i - 1] + distance(points.get(i - 1), points.get(i));
        }
        double total = cumulative[cumulative.length - 1];
        List<Location> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double d = n == 1 ? total / 2 : total * k / (n - 1);
            int seg = 1;
            while (seg < cumulative.length - 1 && cumulative[seg] < d) {
                seg++;
            }
            double segLength = cumulative[seg] - cumulative[seg - 1];
            double f = segLength == 0 ? 0 : (d - cumulative[seg - 1]) / segLength;
            double[] a = points.get(seg - 1);
            double[] b = points.get(seg);
            double lat = round6(a[0] + f * (b[0] - a[0]));
            double lon = round6(a[1] + f * (b[1] - a[1]));
            out.add(new Location(lat, lon, 5.0, name + ", lamppost " + (k + 1) + " of " + n));
        }
        return out;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Equirectangular distance in metres; exact enough within a street. */
    private static double distance(double[] a, double[] b) {
        double lat = Math.toRadians((a[0] + b[0]) / 2);
        double dx = Math.toRadians(b[1] - a[1]) * Math.cos(lat) * 6_371_000;
        double dy = Math.toRadians(b[0] - a[0]) * 6_371_000;
        return Math.hypot(dx, dy);
    }
}
