package org.lantaarn.sta.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query options of one request or of one {@code $expand} item: {@code $filter}, {@code $orderby}, {@code $top},
 * {@code $skip}, {@code $count}, {@code $select}, {@code $expand} (each item with its own options, nested:
 * {@code Datastreams($filter=...;$expand=Observations($top=1;$orderby=phenomenonTime desc))}, or as a path
 * {@code Datastreams/Observations}). {@code $resultFormat} and other options are refused with a clear reason.
 */
public record QueryOptions(StaQueryParser.FilterContext filter, StaQueryParser.OrderbyContext orderby, Integer top,
                           int skip, boolean count, List<String> select, List<Expand> expand, Map<String, String> raw) {

    /** The largest page the service returns; also the default {@code $top}. */
    public static final int MAX_TOP = 1000;
    public static final int DEFAULT_TOP = 100;
    private static final Set<String> KNOWN = Set.of("$filter", "$orderby", "$top", "$skip", "$count", "$select", "$expand");

    /** One {@code $expand} item: a navigation property and the options applied to what it leads to. */
    public record Expand(String nav, QueryOptions options) {}

    public static QueryOptions none() {
        return parse(Map.of());
    }

    /** Options of a request: query parameter name → decoded value. Parameters not starting with {@code $} are ignored. */
    public static QueryOptions parse(Map<String, String> params) {
        Map<String, String> raw = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("$")) {
                if (!KNOWN.contains(k)) {
                    throw new QueryException("unsupported query option " + k + "; supported: $filter, $orderby, $top, $skip, $count, $select, $expand");
                }
                raw.put(k, v);
            }
        });
        return new QueryOptions(
                raw.containsKey("$filter") ? Expressions.filter(raw.get("$filter")) : null,
                raw.containsKey("$orderby") ? Expressions.orderby(raw.get("$orderby")) : null,
                raw.containsKey("$top") ? integer("$top", raw.get("$top"), 0, Integer.MAX_VALUE) : null,
                raw.containsKey("$skip") ? integer("$skip", raw.get("$skip"), 0, Integer.MAX_VALUE) : 0,
                raw.containsKey("$count") && bool("$count", raw.get("$count")),
                raw.containsKey("$select") ? names("$select", raw.get("$select")) : List.of(),
                raw.containsKey("$expand") ? expand(raw.get("$expand")) : List.of(),
                Map.copyOf(raw));
    }

    /** The page size: {@code $top} capped at {@link #MAX_TOP}, or {@link #DEFAULT_TOP}. */
    public int pageSize() {
        return top == null ? DEFAULT_TOP : Math.min(top, MAX_TOP);
    }

    private static int integer(String option, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new QueryException(option + " must be a non-negative integer: '" + Expressions.clip(v) + "'");
    }

    private static boolean bool(String option, String v) {
        return switch (v.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new QueryException(option + " must be true or false: '" + Expressions.clip(v) + "'");
        };
    }

    private static List<String> names(String option, String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String n = s.strip();
            if (!n.matches("[A-Za-z@][A-Za-z0-9@.]*")) {
                throw new QueryException(option + ": not a property name: '" + Expressions.clip(n) + "'");
            }
            out.add(n);
        }
        return out;
    }

    /** Splits {@code a(x;y(z)),b/c} at top-level commas and reads each item with its nested options. */
    static List<Expand> expand(String text) {
        List<Expand> out = new ArrayList<>();
        for (String item : split(text, ',')) {
            String s = item.strip();
            if (s.isEmpty()) {
                throw new QueryException("$expand has an empty item: '" + Expressions.clip(text) + "'");
            }
            String path = s;
            Map<String, String> nested = new LinkedHashMap<>();
            int open = s.indexOf('(');
            if (open >= 0) {
                if (!s.endsWith(")")) {
                    throw new QueryException("$expand item must end with ')': '" + Expressions.clip(s) + "'");
                }
                path = s.substring(0, open).strip();
                for (String opt : split(s.substring(open + 1, s.length() - 1), ';')) {
                    if (opt.isBlank()) {
                        continue;
                    }
                    int eq = opt.indexOf('=');
                    if (eq < 0) {
                        throw new QueryException("$expand option must be name=value: '" + Expressions.clip(opt.strip()) + "'");
                    }
                    nested.put(opt.substring(0, eq).strip(), opt.substring(eq + 1));
                }
            }
            String[] segments = path.split("/");
            for (String seg : segments) {
                if (!seg.matches("[A-Za-z]+")) {
                    throw new QueryException("$expand: not a navigation property: '" + Expressions.clip(seg) + "'");
                }
            }
            // a/b(opts) means a($expand=b(opts))
            QueryOptions inner = parse(nested);
            for (int i = segments.length - 1; i > 0; i--) {
                inner = new QueryOptions(null, null, null, 0, false, List.of(),
                        List.of(new Expand(segments[i], inner)), Map.of());
            }
            out.add(new Expand(segments[0], inner));
        }
        return out;
    }

    /** Splits at {@code sep} outside parentheses and quotes. */
    private static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth < 0) {
                    throw new QueryException("$expand has an unbalanced ')': '" + Expressions.clip(s) + "'");
                }
            } else if (!quoted && depth == 0 && c == sep) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        if (depth != 0 || quoted) {
            throw new QueryException("$expand has an unclosed '(' or quote: '" + Expressions.clip(s) + "'");
        }
        parts.add(s.substring(from));
        return parts;
    }
}
