package org.lantaarn.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a configuration document writes them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or a whole number of seconds (as a number or as text). */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration written as {@code text}, or {@code null} when it is not written in one of the accepted forms. */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            return Duration.ofSeconds(n);
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest way the document syntax writes {@code d}: {@code 1h}, {@code 90s}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms != 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
