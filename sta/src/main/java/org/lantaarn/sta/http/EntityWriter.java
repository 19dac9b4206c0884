package org.lantaarn.sta.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.sta.model.Entity;
import org.lantaarn.sta.model.EntityType;
import org.lantaarn.sta.query.Evaluator;
import org.lantaarn.sta.query.QueryException;
import org.lantaarn.sta.query.QueryOptions;
import org.lantaarn.sta.query.StaQueryParser;

/**
 * Writes entities and entity sets as SensorThings JSON with the query options applied: {@code $filter},
 * {@code $orderby}, {@code $skip}, {@code $top} (pages of at most {@link QueryOptions#MAX_TOP} with
 * {@code @iot.nextLink}), {@code $count}, {@code $select} and nested {@code $expand}.
 */
public final class EntityWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String base;
    private final Instant now;

    /** {@code base}: the service root, such as {@code http://gw:8080/sta/v1.1}. */
    public EntityWriter(String base, Instant now) {
        this.base = base;
        this.now = now;
    }

    /** A page of a set: {@code {"@iot.count":..,"@iot.nextLink":..,"value":[..]}}. */
    public ObjectNode collection(List<Entity> all, String path, QueryOptions o) {
        Page page = page(all, o);
        ObjectNode out = F.objectNode();
        if (o.count()) {
            out.put("@iot.count", page.count);
        }
        if (page.more) {
            out.put("@iot.nextLink", nextLink(path, o));
        }
        ArrayNode value = out.putArray("value");
        page.entities.forEach(e -> value.add(entity(e, o)));
        return out;
    }

    /** The {@code $ref} form of a set: self links only. */
    public ObjectNode refs(List<Entity> all, String path, QueryOptions o) {
        Page page = page(all, o);
        ObjectNode out = F.objectNode();
        if (o.count()) {
            out.put("@iot.count", page.count);
        }
        if (page.more) {
            out.put("@iot.nextLink", nextLink(path, o));
        }
        ArrayNode value = out.putArray("value");
        page.entities.forEach(e -> value.addObject().put("@iot.selfLink", base + "/" + e.path()));
        return out;
    }

    public ObjectNode ref(Entity e) {
        ObjectNode out = F.objectNode();
        out.put("@iot.selfLink", base + "/" + e.path());
        return out;
    }

    /** One entity with {@code $select} and {@code $expand} of {@code o} applied. */
    public ObjectNode entity(Entity e, QueryOptions o) {
        ObjectNode out = F.objectNode();
        List<String> select = o.select();
        boolean all = select.isEmpty();
        if (all || select.contains("id") || select.contains("@iot.id")) {
            out.put("@iot.id", e.id());
        }
        if (all || select.contains("@iot.selfLink")) {
            out.put("@iot.selfLink", base + "/" + e.path());
        }
        var fields = e.properties().properties();
        for (Map.Entry<String, JsonNode> f : fields) {
            if (all || select.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        }
        for (String s : select) {
            if (!s.equals("id") && !s.startsWith("@iot.") && !e.properties().has(s) && e.type().nav(s).isEmpty()) {
                throw new QueryException("$select: " + e.type().singular() + " has no property '" + s + "'");
            }
        }
        Map<String, QueryOptions.Expand> expands = new LinkedHashMap<>();
        for (QueryOptions.Expand x : o.expand()) {
            if (e.type().nav(x.nav()).isEmpty()) {
                throw new QueryException("$expand: " + e.type().singular() + " has no navigation property '" + x.nav()
                        + "'; it has " + String.join(", ", e.type().navs().keySet()));
            }
            expands.put(x.nav(), x);
        }
        for (EntityType.Nav nav : e.type().navs().values()) {
            QueryOptions.Expand x = expands.get(nav.name());
            if (x != null) {
                List<Entity> to = e.follow(nav.name());
                if (nav.isSet()) {
                    Page page = page(to, x.options());
                    if (x.options().count()) {
                        out.put(nav.name() + "@iot.count", page.count);
                    }
                    if (page.more) {
                        out.put(nav.name() + "@iot.nextLink", nextLink(e.path() + "/" + nav.name(), x.options()));
                    }
                    ArrayNode a = out.putArray(nav.name());
                    page.entities.forEach(t -> a.add(entity(t, x.options())));
                } else if (!to.isEmpty()) {
                    out.set(nav.name(), entity(to.getFirst(), x.options()));
                } else {
                    out.putNull(nav.name());
                }
            } else if (all || select.contains(nav.name())) {
                out.put(nav.name() + "@iot.navigationLink", base + "/" + e.path() + "/" + nav.name());
            }
        }
        return out;
    }

    private record Page(List<Entity> entities, int count, boolean more) {}

    private Page page(List<Entity> all, QueryOptions o) {
        List<Entity> rows = all;
        if (o.filter() != null) {
            StaQueryParser.FilterContext f = o.filter();
            rows = rows.stream().filter(e -> Evaluator.test(f, e, now)).toList();
        }
        if (o.orderby() != null) {
            rows = new ArrayList<>(rows);
            rows.sort(comparator(o.orderby()));
        }
        int count = rows.size();
        int from = (int) Math.min(rows.size(), (long) o.skip());
        int to = (int) Math.min(rows.size(), (long) from + o.pageSize());
        boolean more = to < rows.size();
        return new Page(rows.subList(from, to), count, more);
    }

    private Comparator<Entity> comparator(StaQueryParser.OrderbyContext orderby) {
        Comparator<Entity> c = null;
        for (StaQueryParser.OrderItemContext item : orderby.orderItem()) {
            boolean desc = item.DESC() != null;
            Comparator<Entity> one = (a, b) -> {
                Object x = Evaluator.value(item.expr(), a, now);
                Object y = Evaluator.value(item.expr(), b, now);
                int r = compareNullsFirst(x, y);
                return desc ? -r : r;
            };
            c = c == null ? one : c.thenComparing(one);
        }
        return c.thenComparing(Entity::id);
    }

    private static int compareNullsFirst(Object x, Object y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        if (x instanceof Evaluator.Interval i) {
            x = i.start();
        }
        if (y instanceof Evaluator.Interval i) {
            y = i.start();
        }
        Integer r = orderOf(x, y);
        return r == null ? x.toString().compareTo(y.toString()) : r;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Integer orderOf(Object x, Object y) {
        if (x instanceof Comparable cx && x.getClass() == y.getClass()) {
            return cx.compareTo(y);
        }
        return null;
    }

    /** The same request with {@code $skip} advanced by one page (as FROST-Server does, {@code $top} stays the page size). */
    private String nextLink(String path, QueryOptions o) {
        Map<String, String> params = new LinkedHashMap<>(o.raw());
        params.remove("$skip");
        params.put("$skip", String.valueOf(o.skip() + o.pageSize()));
        StringBuilder b = new StringBuilder(base).append('/').append(path);
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            b.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            sep = '&';
        }
        return b.toString();
    }
}
