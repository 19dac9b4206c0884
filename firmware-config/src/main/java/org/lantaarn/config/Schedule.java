package org.lantaarn.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a stream measures: outside its schedule the sensor is closed and nothing is read. Written as one or
 * more rules separated by {@code ;}, any of which opens the stream:
 *
 * <pre>
 *   Mon-Fri 07:00-19:00                      weekdays, shop hours
 *   Sat,Sun 10:00-17:00                      a list of days
 *   2026-07-21..2026-07-24                   whole days of an event (both ends included)
 *   2026-07-21..2026-07-24 06:00-22:00       those days, those hours
 *   2026-07-21                               one day
 *   07:00-19:00                              every day
 *   Mon-Fri 07:00-19:00; Sat 09:00-17:00; zone Europe/Amsterdam
 * </pre>
 *
 * Times are local wall-clock time in the zone named by a {@code zone} rule (default
 * {@code Europe/Amsterdam}); a time range includes its start and excludes its end, and must not cross
 * midnight (write two rules). Immutable and thread-safe.
 */
public final class Schedule {
    /** The zone of a schedule that names none. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Amsterdam");

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Pattern TIMES = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final Pattern DATES = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.\\.(\\d{4}-\\d{2}-\\d{2}))?");

    private record Rule(Set<DayOfWeek> days, LocalDate from, LocalDate to, LocalTime start, LocalTime end) {
        boolean covers(ZonedDateTime t) {
            LocalDate d = t.toLocalDate();
            if (days != null && !days.contains(d.getDayOfWeek())) {
                return false;
            }
            if (from != null && (d.isBefore(from) || d.isAfter(to))) {
                return false;
            }
            LocalTime lt = t.toLocalTime();
            return start == null || (!lt.isBefore(start) && (end.equals(LocalTime.MIDNIGHT) || lt.isBefore(end)));
        }
    }

    private final String text;
    private final List<Rule> rules;
    private final ZoneId zone;

    private Schedule(String text, List<Rule> rules, ZoneId zone) {
        this.text = text;
        this.rules = rules;
        this.zone = zone;
    }

    /** The schedule written as {@code text}. */
    public static Schedule parse(String text) {
        Objects.requireNonNull(text, "schedule");
        List<Rule> rules = new ArrayList<>();
        ZoneId zone = DEFAULT_ZONE;
        for (String raw : text.split(";")) {
            String r = raw.strip();
            if (r.isEmpty()) {
                continue;
            }
            if (r.toLowerCase(Locale.ROOT).startsWith("zone ")) {
                try {
                    zone = ZoneId.of(r.substring(5).strip());
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("'" + r + "': unknown time zone");
                }
                continue;
            }
            rules.add(rule(r));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one rule, such as 'Mon-Fri 07:00-19:00'");
        }
        return new Schedule(text, List.copyOf(rules), zone);
    }

    /** The schedule of {@code text}, or the reason it cannot be read. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Rule rule(String r) {
        Set<DayOfWeek> days = null;
        LocalDate from = null;
        LocalDate to = null;
        LocalTime start = null;
        LocalTime end = null;
        for (String part : r.split("\\s+")) {
            Matcher t = TIMES.matcher(part);
            Matcher d = DATES.matcher(part);
            if (t.matches() && start == null) {
                start = time(t.group(1), t.group(2), r);
                end = time(t.group(3), t.group(4), r);
                if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
                    throw new IllegalArgumentException("'" + r + "': the time range must end after it starts, on the same day "
                            + "(write two rules to cross midnight; 24:00 ends at midnight)");
                }
            } else if (d.matches() && from == null) {
                from = date(d.group(1), r);
                to = d.group(2) == null ? from : date(d.group(2), r);
                if (to.isBefore(from)) {
                    throw new IllegalArgumentException("'" + r + "': the date range ends before it starts");
                }
            } else if (days == null && Character.isLetter(part.charAt(0))) {
                days = days(part, r);
            } else {
                throw new IllegalArgumentException("'" + r + "': cannot read '" + part + "'; write rules such as "
                        + "'Mon-Fri 07:00-19:00' or '2026-07-21..2026-07-24'");
            }
        }
        return new Rule(days, from, to, start, end);
    }

    private static LocalTime time(String h, String m, String r) {
        int hh = Integer.parseInt(h);
        int mm = Integer.parseInt(m);
        if (hh == 24 && mm == 0) {
            return LocalTime.MIDNIGHT;
        }
        if (hh > 23 || mm > 59) {
            throw new IllegalArgumentException("'" + r + "': " + h + ":" + m + " is not a time of day");
        }
        return LocalTime.of(hh, mm);
    }

    private static LocalDate date(String s, String r) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + r + "': " + s + " is not a date");
        }
    }

    private static Set<DayOfWeek> days(String part, String r) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : part.split(",")) {
            String[] range = item.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("'" + r + "': cannot read days '" + part + "'");
            }
            DayOfWeek a = day(range[0], r);
            DayOfWeek b = range.length == 2 ? day(range[1], r) : a;
            for (DayOfWeek x = a; ; x = x.plus(1)) {
                days.add(x);
                if (x == b) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String s, String r) {
        DayOfWeek d = DAYS.get(s.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new IllegalArgumentException("'" + r + "': '" + s + "' is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun");
        }
        return d;
    }

    /** Whether the stream measures at {@code t}. */
    public boolean isOpen(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return rules.stream().anyMatch(rule -> rule.covers(z));
    }

    /**
     * The first instant after {@code t} at which {@link #isOpen} changes, looking at most {@code horizonDays}
     * ahead at minute resolution (every boundary is on a whole minute), or empty when it never changes.
     */
    public Optional<Instant> nextChange(Instant t, int horizonDays) {
        boolean now = isOpen(t);
        Instant cursor = t.plusSeconds(60 - t.getEpochSecond() % 60).minusNanos(t.getNano());
        Instant limit = t.plusSeconds(86_400L * horizonDays);
        while (!cursor.isAfter(limit)) {
            if (isOpen(cursor) != now) {
                return Optional.of(cursor);
            }
            cursor = cursor.plusSeconds(60);
        }
        return Optional.empty();
    }

    /** Whether the stream measures at some moment in {@code [from, to)} (minute resolution). */
    public boolean overlaps(Instant from, Instant to) {
        if (isOpen(from)) {
            return true;
        }
        Optional<Instant> next = nextChange(from, 1 + (int) ((to.getEpochSecond() - from.getEpochSecond()) / 86_400));
        return next.isPresent() && next.get().isBefore(to);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The schedule as written. */
    @Override
    public String toString() {
        return text;
    }
}
