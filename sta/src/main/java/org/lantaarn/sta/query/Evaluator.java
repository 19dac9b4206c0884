package org.lantaarn.sta.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.lantaarn.sta.model.Entity;
import org.lantaarn.sta.model.EntityType;

/**
 * Evaluates a parsed {@code $filter} or {@code $orderby} expression on one entity. Values are {@code null},
 * {@link Double}, {@link String}, {@link Boolean}, {@link Instant}, {@link Interval}, {@link Duration},
 * {@link LocalDate}, {@link LocalTime} and {@link Geo}. A property path walks the entity's properties, into JSON
 * objects and through single-valued navigation properties ({@code Datastream/Thing/name}).
 *
 * <p>A time interval (an Observation's {@code phenomenonTime}) compares with an instant by its start for
 * {@code gt}/{@code ge}, by its end for {@code lt}/{@code le}, and is equal only to an equal interval. Comparisons with
 * {@code null} or between different kinds of values are false (except {@code eq null}/{@code ne null}).
 */
public final class Evaluator extends StaQueryBaseVisitor<Object> {
    /** Properties holding a time or a time interval, which are compared as times. */
    private static final Set<String> TIMES = Set.of("phenomenonTime", "resultTime", "time", "validTime");
    /** Properties holding a GeoJSON geometry. */
    private static final Set<String> GEOMETRIES = Set.of("location", "feature", "observedArea");

    /** A time interval {@code start/end}. */
    public record Interval(Instant start, Instant end) {}

    private final Entity entity;
    private final Instant now;

    private Evaluator(Entity entity, Instant now) {
        this.entity = entity;
        this.now = now;
    }

    /** Whether the entity passes the filter (a non-boolean result does not). */
    public static boolean test(StaQueryParser.FilterContext filter, Entity e, Instant now) {
        return Boolean.TRUE.equals(new Evaluator(e, now).visit(filter.expr()));
    }

    public static Object value(StaQueryParser.ExprContext expr, Entity e, Instant now) {
        return new Evaluator(e, now).visit(expr);
    }

    // ------------------------------------------------------------------ operators

    @Override
    public Object visitParens(StaQueryParser.ParensContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Object visitNot(StaQueryParser.NotContext ctx) {
        Object v = visit(ctx.expr());
        return v instanceof Boolean b ? !b : null;
    }

    @Override
    public Object visitAnd(StaQueryParser.AndContext ctx) {
        // both sides always: a misspelt property on the right is reported even when the left is false
        boolean a = Boolean.TRUE.equals(visit(ctx.expr(0)));
        boolean b = Boolean.TRUE.equals(visit(ctx.expr(1)));
        return a && b;
    }

    @Override
    public Object visitOr(StaQueryParser.OrContext ctx) {
        boolean a = Boolean.TRUE.equals(visit(ctx.expr(0)));
        boolean b = Boolean.TRUE.equals(visit(ctx.expr(1)));
        return a || b;
    }

    @Override
    public Object visitMultiplicative(StaQueryParser.MultiplicativeContext ctx) {
        Object a = visit(ctx.expr(0));
        Object b = visit(ctx.expr(1));
        if (!(a instanceof Double x) || !(b instanceof Double y)) {
            return null;
        }
        return switch (ctx.op.getType()) {
            case StaQueryParser.MUL -> x * y;
            case StaQueryParser.DIV -> y == 0 ? null : x / y;
            default -> y == 0 ? null : x % y;
        };
    }

    @Override
    public Object visitAdditive(StaQueryParser.AdditiveContext ctx) {
        Object a = visit(ctx.expr(0));
        Object b = visit(ctx.expr(1));
        boolean add = ctx.op.getType() == StaQueryParser.ADD;
        if (a instanceof Double x && b instanceof Double y) {
            return add ? x + y : x - y;
        }
        if (a instanceof Instant t && b instanceof Duration d) {
            return add ? t.plus(d) : t.minus(d);
        }
        if (a instanceof Instant t && b instanceof Instant u && !add) {
            return Duration.between(u, t);
        }
        return null;
    }

    @Override
    public Object visitComparison(StaQueryParser.ComparisonContext ctx) {
        return compare(ctx.op.getType(), visit(ctx.expr(0)), visit(ctx.expr(1)));
    }

    static boolean compare(int op, Object a, Object b) {
        if (op == StaQueryParser.EQ || op == StaQueryParser.NE) {
            boolean eq = equal(a, b);
            return op == StaQueryParser.EQ ? eq : !eq;
        }
        if (a == null || b == null) {
            return false;
        }
        boolean greater = op == StaQueryParser.GT || op == StaQueryParser.GE;
        if (a instanceof Interval i) {
            a = greater ? i.start() : i.end();
        }
        if (b instanceof Interval i) {
            b = greater ? i.end() : i.start();
        }
        Integer c = order(a, b);
        if (c == null) {
            return false;
        }
        return switch (op) {
            case StaQueryParser.GT -> c > 0;
            case StaQueryParser.GE -> c >= 0;
            case StaQueryParser.LT -> c < 0;
            default -> c <= 0;
        };
    }

    private static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        Integer c = order(a, b);
        return c != null ? c == 0 : Objects.equals(a, b);
    }

    /** The order of two comparable values of one kind, or null when they do not compare. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Integer order(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof LocalDate d && b instanceof Instant t) {
            return d.compareTo(LocalDate.ofInstant(t, ZoneOffset.UTC));
        }
        if (a instanceof Instant t && b instanceof LocalDate d) {
            return LocalDate.ofInstant(t, ZoneOffset.UTC).compareTo(d);
        }
        if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return null;
    }

    // ------------------------------------------------------------------ functions

    @Override
    public Object visitCall(StaQueryParser.CallContext ctx) {
        String name = ctx.NAME().getText();
        List<Object> args = ctx.expr().stream().map(this::visit).toList();
        try {
            return Functions.call(name, args, now);
        } catch (Functions.ArityException | IllegalArgumentException e) {
            throw new QueryException("$filter: " + name + "(...) at position " + (ctx.start.getCharPositionInLine() + 1)
                    + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ literals

    @Override
    public Object visitNumber(StaQueryParser.NumberContext ctx) {
        return Double.parseDouble(ctx.getText());
    }

    @Override
    public Object visitString(StaQueryParser.StringContext ctx) {
        return unquote(ctx.getText());
    }

    @Override
    public Object visitBool(StaQueryParser.BoolContext ctx) {
        return ctx.TRUE() != null;
    }

    @Override
    public Object visitNullValue(StaQueryParser.NullValueContext ctx) {
        return null;
    }

    @Override
    public Object visitDateTime(StaQueryParser.DateTimeContext ctx) {
        try {
            return OffsetDateTime.parse(ctx.getText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new QueryException("$filter: not a date and time: " + ctx.getText());
        }
    }

    @Override
    public Object visitDate(StaQueryParser.DateContext ctx) {
        try {
            return LocalDate.parse(ctx.getText());
        } catch (DateTimeParseException e) {
            throw new QueryException("$filter: not a date: " + ctx.getText());
        }
    }

    @Override
    public Object visitDuration(StaQueryParser.DurationContext ctx) {
        String text = ctx.getText();
        String body = unquote(text.substring(text.indexOf('\'')));
        try {
            return Duration.parse(body);
        } catch (DateTimeParseException e) {
            throw new QueryException("$filter: not an ISO-8601 duration such as duration'PT1H': " + Expressions.clip(text));
        }
    }

    @Override
    public Object visitGeography(StaQueryParser.GeographyContext ctx) {
        String text = ctx.getText();
        try {
            return Geo.fromWkt(unquote(text.substring(text.indexOf('\''))));
        } catch (IllegalArgumentException e) {
            throw new QueryException("$filter: " + Expressions.clip(text) + ": " + e.getMessage());
        }
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }

    // ------------------------------------------------------------------ paths

    @Override
    public Object visitMember(StaQueryParser.MemberContext ctx) {
        Object at = entity;
        String last = null;
        for (var segment : ctx.NAME()) {
            String name = segment.getText();
            last = name;
            switch (at) {
                case null -> {
                    return null;
                }
                case Entity e -> at = step(e, name);
                case JsonNode j -> at = j.isObject() ? j.get(name) : null;
                default -> {
                    return null;
                }
            }
        }
        return at instanceof JsonNode j ? fromJson(last, j) : at;
    }

    private static Object step(Entity e, String name) {
        var nav = e.type().nav(name);
        if (nav.isPresent()) {
            if (nav.get().isSet()) {
                throw new QueryException("$filter: " + name + " of " + e.type().singular()
                        + " is a set; a path may follow only single-valued navigation properties");
            }
            List<Entity> to = e.follow(name);
            return to.isEmpty() ? null : to.getFirst();
        }
        if (name.equals("id") || name.equals("@iot.id")) {
            return e.id();
        }
        JsonNode v = e.properties().get(name);
        if (v == null && !knownProperty(e.type(), name)) {
            throw new QueryException("$filter: " + e.type().singular() + " has no property or navigation property '" + name + "'");
        }
        return v;
    }

    /** Properties an entity type may have even when this instance leaves them out. */
    private static boolean knownProperty(EntityType t, String name) {
        return switch (t) {
            case DATASTREAM -> name.equals("observedArea") || name.equals("properties");
            case OBSERVATION -> name.equals("validTime") || name.equals("parameters") || name.equals("resultQuality");
            case THING, LOCATION, SENSOR, OBSERVED_PROPERTY, FEATURE_OF_INTEREST -> name.equals("properties");
            default -> false;
        };
    }

    static Object fromJson(String name, JsonNode j) {
        if (j == null || j.isNull() || j.isMissingNode()) {
            return null;
        }
        if (j.isNumber()) {
            return j.asDouble();
        }
        if (j.isBoolean()) {
            return j.asBoolean();
        }
        if (j.isTextual()) {
            return TIMES.contains(name) ? time(j.asText()) : j.asText();
        }
        if (j.isObject() && GEOMETRIES.contains(name)) {
            return Geo.fromGeoJson(j);
        }
        return j;
    }

    static Object time(String s) {
        int slash = s.indexOf('/');
        try {
            if (slash < 0) {
                return Instant.parse(s);
            }
            return new Interval(Instant.parse(s.substring(0, slash)), Instant.parse(s.substring(slash + 1)));
        } catch (DateTimeParseException e) {
            return s;
        }
    }
}
