package org.lantaarn.sta.http;

import java.util.ArrayList;
import java.util.List;
import org.lantaarn.sta.model.Entity;
import org.lantaarn.sta.model.EntityType;
import org.lantaarn.sta.model.StaModel;
import org.lantaarn.sta.query.QueryException;

/**
 * Resolves a resource path of the service ({@code Things('lamp-01')/Datastreams}, {@code Observations('x')/result/$value},
 * {@code Things/$ref}) to what it addresses. An unknown entity set, entity, navigation or property is a 404 naming the
 * segment.
 */
public final class ResourcePath {

    /** What a path addresses. */
    public sealed interface Target permits Collection, Single, Property {}

    /** A set of entities of one type (an entity set or a set-valued navigation property). */
    public record Collection(EntityType type, List<Entity> entities, String path, boolean ref) implements Target {}

    /** One entity. */
    public record Single(Entity entity, boolean ref) implements Target {}

    /** One property of one entity, as JSON or (with {@code $value}) as its raw value. */
    public record Property(Entity entity, String name, boolean rawValue) implements Target {}

    private ResourcePath() {}

    public static Target resolve(StaModel model, String path) {
        List<String> segments = segments(path);
        Target at = null;
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            if (seg.equals("$ref")) {
                boolean lastSegment = i == segments.size() - 1;
                at = switch (at) {
                    case Collection c when lastSegment -> new Collection(c.type(), c.entities(), c.path(), true);
                    case Single s when lastSegment -> new Single(s.entity(), true);
                    case null, default -> throw new QueryException("$ref must end a path to an entity or a set of entities");
                };
                continue;
            }
            if (seg.equals("$value")) {
                if (at instanceof Property p && i == segments.size() - 1) {
                    at = new Property(p.entity(), p.name(), true);
                    continue;
                }
                throw new QueryException("$value must follow a property: " + path);
            }
            String name = seg;
            String key = null;
            int open = seg.indexOf('(');
            if (open >= 0) {
                if (!seg.endsWith(")")) {
                    throw new QueryException("path segment must end with ')': " + seg);
                }
                name = seg.substring(0, open);
                key = key(seg.substring(open + 1, seg.length() - 1));
            }
            at = step(model, at, name, key, seg);
        }
        if (at == null) {
            throw new QueryException(404, "empty path");
        }
        return at;
    }

    private static Target step(StaModel model, Target at, String name, String key, String seg) {
        return switch (at) {
            case null -> {
                EntityType t = EntityType.bySetName(name)
                        .orElseThrow(() -> new QueryException(404, "no entity set '" + name + "'; the service has "
                                + String.join(", ", java.util.Arrays.stream(EntityType.values()).map(EntityType::setName).toList())));
                yield select(new Collection(t, model.set(t), t.setName(), false), key, seg);
            }
            case Collection c -> throw new QueryException(404, "'" + seg + "' cannot follow a set; name one entity first: "
                    + c.path() + "(<id>)");
            case Single s -> {
                Entity e = s.entity();
                var nav = e.type().nav(name);
                if (nav.isPresent()) {
                    List<Entity> to = e.follow(name);
                    if (nav.get().isSet()) {
                        yield select(new Collection(nav.get().target(), to, e.path() + "/" + name, false), key, seg);
                    }
                    if (key != null) {
                        throw new QueryException(404, name + " leads to one entity and takes no id: " + seg);
                    }
                    if (to.isEmpty()) {
                        throw new QueryException(404, e.path() + " has no " + name);
                    }
                    yield new Single(to.getFirst(), false);
                }
                if (key == null && (e.properties().has(name) || name.equals("id") || name.equals("@iot.id"))) {
                    yield new Property(e, name, false);
                }
                throw new QueryException(404, e.type().singular() + " has no property or navigation property '" + name + "'");
            }
            case Property p -> throw new QueryException(404, "'" + seg + "' cannot follow the property " + p.name()
                    + " (only $value can)");
        };
    }

    private static Target select(Collection c, String key, String seg) {
        if (key == null) {
            return c;
        }
        for (Entity e : c.entities()) {
            if (e.id().equals(key)) {
                return new Single(e, false);
            }
        }
        throw new QueryException(404, "no " + c.type().singular() + " with id '" + key + "' (" + seg + ")");
    }

    /** {@code 'a''b'} → {@code a'b}; an unquoted key is taken as it is. */
    private static String key(String k) {
        String s = k.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        return s;
    }

    /** Splits at {@code /} outside parentheses and quotes. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            }
            if (c == '/' && depth == 0 && !quoted) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
