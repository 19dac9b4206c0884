package org.lantaarn.sim.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantaarn.testkit.MessageCollector;

/**
 * What a twin subscriber saw of one node, checked against what the node recorded (seqs 1..recorded): every seq must
 * arrive exactly once as itself, or be named by exactly one gap's {@code replaces}; first arrivals must be in seq
 * order; a repeat must be byte-identical to the first copy (a redelivery, which a consumer drops by the idempotency
 * key {@code (node, seq)}), anything else is a problem.
 */
record TwinLedger(String node, long recorded, long delivered, long duplicates, long gaps, long replaced,
                  List<Long> missing, List<String> problems, List<String> gapReasons) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static TwinLedger of(List<MessageCollector.Received> twin, String node, long recorded) {
        Map<Long, String> first = new HashMap<>();
        Set<Long> replaced = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        long duplicates = 0;
        long gaps = 0;
        long previous = 0;
        for (MessageCollector.Received m : twin) {
            if (m.topic().endsWith("/status")) {
                continue;
            }
            JsonNode json = read(m.payload());
            if (!node.equals(json.path("node").asText())) {
                continue;
            }
            long seq = json.get("seq").asLong();
            String earlier = first.get(seq);
            if (earlier != null) {
                duplicates++;
                if (!earlier.equals(m.payload())) {
                    problems.add("seq " + seq + " arrived twice with different content");
                }
                continue;
            }
            first.put(seq, m.payload());
            if (seq <= previous) {
                problems.add("seq " + seq + " arrived after seq " + previous);
            }
            previous = Math.max(previous, seq);
            if ("lantaarn.gap/1".equals(json.path("schema").asText())) {
                gaps++;
                reasons.add(json.path("reason").asText());
                for (JsonNode r : json.path("replaces")) {
                    for (long s = r.get("first").asLong(); s <= r.get("last").asLong(); s++) {
                        if (!replaced.add(s)) {
                            problems.add("seq " + s + " is named by two gaps");
                        }
                    }
                }
            }
        }
        List<Long> missing = new ArrayList<>();
        for (long s = 1; s <= recorded; s++) {
            boolean arrived = first.containsKey(s);
            boolean gapped = replaced.contains(s);
            if (arrived && gapped) {
                problems.add("seq " + s + " arrived and is also named by a gap");
            } else if (!arrived && !gapped) {
                missing.add(s);
            }
        }
        first.keySet().stream().filter(s -> s > recorded).forEach(s -> problems.add("seq " + s + " was never recorded"));
        long delivered = first.keySet().stream().filter(s -> s <= recorded).count();
        return new TwinLedger(node, recorded, delivered, duplicates, gaps, replaced.size(), missing, problems, reasons);
    }

    /** True when every recorded seq has arrived or is accounted for by a gap. */
    boolean complete() {
        return missing.isEmpty();
    }

    String summary(String test) {
        return String.format("%s: node %s recorded %d, delivered %d (of which %d gap records), duplicates %d, "
                        + "seqs replaced by gaps %d, missing %d, problems %d%s",
                test, node, recorded, delivered, gaps, duplicates, replaced, missing.size(), problems.size(),
                gapReasons.isEmpty() ? "" : ", gap reasons " + new java.util.TreeSet<>(gapReasons));
    }

    private static JsonNode read(String payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
