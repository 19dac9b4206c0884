package org.lantaarn.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps payload content out of stored and logged rejection details. The protocol codec's details quote parts of
 * the payload ("unrecognized token 'AABBCCDDEEFF'", "... must be an ISO-8601 UTC time ...: {value}"), and a payload may
 * hold anything, personal data included. Every quoted segment and the text after the last {@code ": "} that occurs
 * verbatim in the payload and is 4 characters or longer is replaced by {@code <n chars>}, unless it is a field name of the wire contract, a schema
 * id such as {@code lantaarn.obs/2}, or (for node and stream mismatches) an id in the topic's own format.
 */
final class DetailRedaction {
    private static final Pattern QUOTED = Pattern.compile("'([^']{1,200})'");
    private static final Pattern SCHEMA_ID = Pattern.compile("[a-z][a-z0-9.-]{0,40}/[0-9]{1,4}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("schema", "node", "stream", "sensor", "seq", "start", "end", "values",
            "units", "quality", "coverage", "flags", "privacy", "k", "suppressed", "epsilon", "keyEpochStart", "site",
            "location", "lat", "lon", "height", "description", "metadata", "from", "to", "windows", "reason", "state", "at",
            "runtimeVersion", "configVersion", "configHash", "streams", "id", "windowSeconds", "measures",
            "personalDataInRawInput", "keyRotationSeconds", "rawData", "uptimeSeconds", "outboxDepth",
            "oldestUnconfirmedAgeSeconds", "lastSample", "samples", "faults", "heapUsedBytes", "alarms", "version", "sha256",
            "result", "null", "true", "false");

    private DetailRedaction() {}

    static String redact(String detail, byte[] payload, String reason) {
        if (detail == null || payload == null || payload.length == 0) {
            return detail;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        boolean idsAllowed = reason.equals("node-mismatch") || reason.equals("stream-mismatch");
        StringBuilder out = new StringBuilder();
        Matcher m = QUOTED.matcher(detail);
        int last = 0;
        while (m.find()) {
            out.append(detail, last, m.start(1));
            out.append(keep(m.group(1), text, idsAllowed) ? m.group(1) : hidden(m.group(1)));
            last = m.end(1);
        }
        out.append(detail.substring(last));
        String s = out.toString();
        int colon = s.lastIndexOf(": ");
        if (colon >= 0) {
            String tail = s.substring(colon + 2);
            String probe = tail.endsWith("...") ? tail.substring(0, tail.length() - 3) : tail;
            if (!probe.isEmpty() && !probe.startsWith("<") && text.contains(probe) && !keep(probe, text, idsAllowed)) {
                s = s.substring(0, colon + 2) + hidden(tail);
            }
        }
        return s;
    }

    private static boolean keep(String segment, String payload, boolean idsAllowed) {
        if (segment.length() < 4 || !payload.contains(segment)) {
            return true;
        }
        if (FIELDS.contains(segment) || SCHEMA_ID.matcher(segment).matches()) {
            return true;
        }
        return idsAllowed && ID.matcher(segment).matches();
    }

    private static String hidden(String segment) {
        return "<" + segment.length() + " chars>";
    }
}
