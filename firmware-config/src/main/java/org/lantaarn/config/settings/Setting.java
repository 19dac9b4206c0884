package org.lantaarn.config.settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lantaarn.config.Durations;

/**
 * One setting a driver reads, with its type and the values it accepts. Values arrive as text (a YAML
 * {@code 117} and {@code "117"} are the same setting); {@link #problem(String)} says why a value is refused.
 *
 * @param name     the key under a stream's {@code settings}
 * @param kind     the type of value
 * @param min      the smallest value accepted (integers, numbers; milliseconds for durations)
 * @param max      the largest value accepted (idem)
 * @param choices  the words accepted, for {@link Kind#CHOICE}
 * @param required true when a stream of this driver must give it
 * @param meaning  what it is and its default, for people ({@code dB SPL of a full-scale RMS signal; default 120})
 */
public record Setting(String name, Kind kind, double min, double max, List<String> choices, boolean required, String meaning) {

    /** The types of setting. */
    public enum Kind {
        /** A whole number, decimal or {@code 0x}-prefixed hexadecimal. */
        INTEGER,
        /** A finite decimal number. */
        NUMBER,
        /** A duration such as {@code 50ms}, {@code 8s} or {@code 5m}. */
        DURATION,
        /** Any non-blank text (a path, a device name). */
        TEXT,
        /** One of a fixed list of words. */
        CHOICE,
        /** {@code true} or {@code false}. */
        FLAG
    }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices == null ? List.of() : choices);
        meaning = meaning == null ? "" : meaning;
        if (name.isBlank()) {
            throw new IllegalArgumentException("a setting needs a name");
        }
        if (kind == Kind.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("setting " + name + ": a choice needs at least one word");
        }
        if (min > max) {
            throw new IllegalArgumentException("setting " + name + ": min must not be above max");
        }
    }

    /** A whole number between {@code min} and {@code max} inclusive. */
    public static Setting integer(String name, long min, long max, String meaning) {
        return new Setting(name, Kind.INTEGER, min, max, List.of(), false, meaning);
    }

    /** A decimal number between {@code min} and {@code max} inclusive. */
    public static Setting number(String name, double min, double max, String meaning) {
        return new Setting(name, Kind.NUMBER, min, max, List.of(), false, meaning);
    }

    /** A duration between {@code min} and {@code max} inclusive. */
    public static Setting duration(String name, Duration min, Duration max, String meaning) {
        return new Setting(name, Kind.DURATION, min.toMillis(), max.toMillis(), List.of(), false, meaning);
    }

    /** Non-blank text. */
    public static Setting text(String name, String meaning) {
        return new Setting(name, Kind.TEXT, 0, 0, List.of(), false, meaning);
    }

    /** One of {@code choices}. */
    public static Setting choice(String name, String meaning, String... choices) {
        return new Setting(name, Kind.CHOICE, 0, 0, List.of(choices), false, meaning);
    }

    /** {@code true} or {@code false}. */
    public static Setting flag(String name, String meaning) {
        return new Setting(name, Kind.FLAG, 0, 0, List.of(), false, meaning);
    }

    /** The same setting, which a stream of this driver must give. */
    public Setting mustBeGiven() {
        return new Setting(name, kind, min, max, choices, true, meaning);
    }

    /** Why {@code value} is refused, or empty when it is accepted. */
    public Optional<String> problem(String value) {
        String v = value == null ? "" : value.strip();
        return Optional.ofNullable(switch (kind) {
            case INTEGER -> {
                Long n = parseInteger(v);
                yield n == null ? "must be a whole number (0x.. for hexadecimal), not '" + v + "'"
                        : n < min || n > max ? "must be between " + (long) min + " and " + (long) max + ", not " + v : null;
            }
            case NUMBER -> {
                Double d = parseNumber(v);
                yield d == null ? "must be a number, not '" + v + "'"
                        : d < min || d > max ? "must be between " + plain(min) + " and " + plain(max) + ", not " + v : null;
            }
            case DURATION -> {
                Duration d = Durations.parse(v);
                yield d == null ? "must be a duration such as 50ms, 8s or 5m, not '" + v + "'"
                        : d.toMillis() < min || d.toMillis() > max
                                ? "must be between " + Durations.format(Duration.ofMillis((long) min)) + " and "
                                        + Durations.format(Duration.ofMillis((long) max)) + ", not " + v
                                : null;
            }
            case TEXT -> v.isEmpty() ? "must not be blank" : null;
            case CHOICE -> choices.contains(v) ? null : "must be one of " + String.join(", ", choices) + ", not '" + v + "'";
            case FLAG -> v.equals("true") || v.equals("false") ? null : "must be true or false, not '" + v + "'";
        });
    }

    /** One line for people: {@code calibration (number, 60 to 180): dB SPL of a full-scale RMS signal; default 120}. */
    public String describe() {
        String type = switch (kind) {
            case INTEGER -> "whole number, " + (long) min + " to " + (long) max;
            case NUMBER -> "number, " + plain(min) + " to " + plain(max);
            case DURATION -> "duration, " + Durations.format(Duration.ofMillis((long) min)) + " to "
                    + Durations.format(Duration.ofMillis((long) max));
            case TEXT -> "text";
            case CHOICE -> String.join(" | ", choices);
            case FLAG -> "true | false";
        };
        return name + " (" + type + (required ? ", required" : "") + ")" + (meaning.isEmpty() ? "" : ": " + meaning);
    }

    /** A whole number written in decimal or as {@code 0x..}, or {@code null}. */
    public static Long parseInteger(String v) {
        try {
            String t = v.strip().toLowerCase(Locale.ROOT);
            boolean negative = t.startsWith("-");
            String digits = negative ? t.substring(1) : t;
            if (digits.startsWith("-") || digits.startsWith("+")) {
                return null;
            }
            long n = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -n : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A finite decimal number, or {@code null}. */
    public static Double parseNumber(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) && !v.strip().endsWith("d") && !v.strip().endsWith("f")
                    && !v.strip().endsWith("D") && !v.strip().endsWith("F") ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
