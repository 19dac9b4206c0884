package org.lantaarn.sta.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The built-in functions of SensorThings 1.1 {@code $filter} (OGC 18-088 table 11): string, date, math and
 * geospatial. A function of a {@code null} argument is {@code null}; a time interval argument of a date function is
 * taken by its start. Dates and times are read in UTC.
 */
final class Functions {
    /** Names of the supported functions, for the error message of an unknown one. */
    static final Set<String> NAMES = Set.of("substringof", "endswith", "startswith", "length", "indexof", "substring",
            "tolower", "toupper", "trim", "concat", "year", "month", "day", "hour", "minute", "second",
            "fractionalseconds", "date", "time", "totaloffsetminutes", "now", "mindatetime", "maxdatetime", "round",
            "floor", "ceiling", "geo.distance", "geo.length", "geo.intersects", "st_equals", "st_disjoint",
            "st_within", "st_intersects", "st_contains");

    /** A function called with the wrong number of arguments. */
    static final class ArityException extends RuntimeException {
        ArityException(String message) {
            super(message, null, false, false);
        }
    }

    private Functions() {}

    static Object call(String name, List<Object> a, Instant now) {
        switch (name) {
            case "now" -> {
                arity(a, 0);
                return now;
            }
            case "mindatetime" -> {
                arity(a, 0);
                return Instant.parse("0001-01-01T00:00:00Z");
            }
            case "maxdatetime" -> {
                arity(a, 0);
                return Instant.parse("9999-12-31T23:59:59.999Z");
            }
            default -> {
                // every other function has arguments; null in, null out
            }
        }
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown function; supported: " + String.join(", ", new java.util.TreeSet<>(NAMES)));
        }
        if (a.stream().anyMatch(java.util.Objects::isNull)) {
            return null;
        }
        return switch (name) {
            case "substringof" -> str(a, 2, 1).contains(str(a, 2, 0));
            case "endswith" -> str(a, 2, 0).endsWith(str(a, 2, 1));
            case "startswith" -> str(a, 2, 0).startsWith(str(a, 2, 1));
            case "length" -> (double) str(a, 1, 0).length();
            case "indexof" -> (double) str(a, 2, 0).indexOf(str(a, 2, 1));
            case "substring" -> substring(a);
            case "tolower" -> str(a, 1, 0).toLowerCase(Locale.ROOT);
            case "toupper" -> str(a, 1, 0).toUpperCase(Locale.ROOT);
            case "trim" -> str(a, 1, 0).strip();
            case "concat" -> str(a, 2, 0) + str(a, 2, 1);
            case "year" -> (double) utc(a).getYear();
            case "month" -> (double) utc(a).getMonthValue();
            case "day" -> (double) utc(a).getDayOfMonth();
            case "hour" -> (double) utc(a).getHour();
            case "minute" -> (double) utc(a).getMinute();
            case "second" -> (double) utc(a).getSecond();
            case "fractionalseconds" -> utc(a).getNano() / 1e9;
            case "date" -> LocalDate.from(utc(a));
            case "time" -> LocalTime.from(utc(a));
            case "totaloffsetminutes" -> {
                utc(a);
                yield 0.0;
            }
            case "round" -> (double) Math.round(num(a, 0));
            case "floor" -> Math.floor(num(a, 0));
            case "ceiling" -> Math.ceil(num(a, 0));
            case "geo.distance" -> Geo.distance(geo(a, 0), geo(a, 1));
            case "geo.length" -> {
                arity(a, 1);
                yield Geo.length(geo(a, 0));
            }
            case "geo.intersects", "st_intersects" -> Geo.intersects(geo(a, 0), geo(a, 1));
            case "st_disjoint" -> !Geo.intersects(geo(a, 0), geo(a, 1));
            case "st_equals" -> geo(a, 0).equals(geo(a, 1));
            case "st_within" -> Geo.within(geo(a, 0), geo(a, 1));
            case "st_contains" -> Geo.within(geo(a, 1), geo(a, 0));
            default -> throw new IllegalArgumentException("unknown function");
        };
    }

    private static Object substring(List<Object> a) {
        if (a.size() != 2 && a.size() != 3) {
            throw new ArityException("takes 2 or 3 arguments, got " + a.size());
        }
        String s = type(a.get(0), String.class, 0);
        int from = (int) Math.max(0, Math.min(s.length(), type(a.get(1), Double.class, 1)));
        if (a.size() == 2) {
            return s.substring(from);
        }
        int n = (int) Math.max(0, type(a.get(2), Double.class, 2).doubleValue());
        return s.substring(from, Math.min(s.length(), from + n));
    }

    private static String str(List<Object> a, int n, int i) {
        arity(a, n);
        return type(a.get(i), String.class, i);
    }

    private static double num(List<Object> a, int i) {
        arity(a, 1);
        return type(a.get(i), Double.class, i);
    }

    private static Geo geo(List<Object> a, int i) {
        if (a.size() < 2 && i > 0) {
            throw new ArityException("takes 2 arguments, got " + a.size());
        }
        return type(a.get(i), Geo.class, i);
    }

    private static ZonedDateTime utc(List<Object> a) {
        arity(a, 1);
        Object v = a.getFirst();
        if (v instanceof Evaluator.Interval i) {
            v = i.start();
        }
        return type(v, Instant.class, 0).atZone(ZoneOffset.UTC);
    }

    private static void arity(List<Object> a, int n) {
        if (a.size() != n) {
            throw new ArityException("takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + a.size());
        }
    }

    private static <T> T type(Object v, Class<T> type, int i) {
        if (!type.isInstance(v)) {
            String want = type == Double.class ? "a number" : type == String.class ? "a string"
                    : type == Instant.class ? "a date and time" : type == Geo.class ? "a geometry" : type.getSimpleName();
            throw new IllegalArgumentException("argument " + (i + 1) + " must be " + want + ", not " + describe(v));
        }
        return type.cast(v);
    }

    private static String describe(Object v) {
        return switch (v) {
            case String s -> "the string '" + Expressions.clip(s) + "'";
            case Double d -> "the number " + d;
            case Duration d -> "the duration " + d;
            default -> v.getClass().getSimpleName();
        };
    }
}
