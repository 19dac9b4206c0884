package org.lantaarn.sim.wifi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds any of many byte strings in many haystacks at once (a rolling hash per needle length, then an exact
 * compare), for the test that looks for addresses and tokens where they must never be. Test code: only here
 * are addresses turned into text, to build what is searched for.
 */
final class AddressSearch {
    private static final long BASE = 1_000_003L;
    private final Map<Integer, Map<Long, List<Needle>>> byLength = new HashMap<>();
    private int needles;

    record Needle(String what, byte[] bytes) {}

    record Hit(String haystack, String needle) {}

    /** Every common form of a 6-byte address: colon, dash, dot and bare hex in both cases, base64, and the raw bytes. */
    void address(byte[] a) {
        String hex = HexFormat.of().formatHex(a);
        String colon = HexFormat.ofDelimiter(":").formatHex(a);
        String dash = HexFormat.ofDelimiter("-").formatHex(a);
        String dot = hex.substring(0, 4) + "." + hex.substring(4, 8) + "." + hex.substring(8);
        for (String s : List.of(hex, colon, dash, dot)) {
            text("address " + colon, s.toLowerCase(Locale.ROOT));
            text("address " + colon, s.toUpperCase(Locale.ROOT));
        }
        text("address " + colon + " base64", Base64.getEncoder().encodeToString(a));
        text("address " + colon + " base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(a));
        add("address " + colon + " raw bytes", a.clone());
    }

    /** Every common form of a 64-bit token: hex (short and 16 digits, both cases), signed and unsigned decimal, raw bytes, base64. */
    void token(long t) {
        String what = "token " + Long.toUnsignedString(t);
        for (String s : List.of(Long.toHexString(t), String.format(Locale.ROOT, "%016x", t))) {
            text(what, s);
            text(what, s.toUpperCase(Locale.ROOT));
        }
        text(what, Long.toString(t));
        text(what, Long.toUnsignedString(t));
        byte[] be = ByteBuffer.allocate(8).putLong(t).array();
        add(what + " raw bytes", be);
        add(what + " raw bytes (little-endian)", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(t).array());
        text(what, Base64.getEncoder().encodeToString(be));
    }

    private void text(String what, String s) {
        add(what, s.getBytes(StandardCharsets.US_ASCII));
    }

    private void add(String what, byte[] b) {
        byLength.computeIfAbsent(b.length, k -> new HashMap<>()).computeIfAbsent(hash(b, 0, b.length), k -> new ArrayList<>())
                .add(new Needle(what, b));
        needles++;
    }

    int needles() {
        return needles;
    }

    private static long hash(byte[] b, int off, int len) {
        long h = 0;
        for (int i = 0; i < len; i++) {
            h = h * BASE + (b[off + i] & 0xff);
        }
        return h;
    }

    /** Every needle found in {@code haystack}. */
    List<Hit> find(String name, byte[] haystack) {
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Integer, Map<Long, List<Needle>>> e : byLength.entrySet()) {
            int len = e.getKey();
            if (haystack.length < len) {
                continue;
            }
            long pow = 1;
            for (int i = 1; i < len; i++) {
                pow *= BASE;
            }
            long h = hash(haystack, 0, len);
            for (int i = 0; ; i++) {
                List<Needle> candidates = e.getValue().get(h);
                if (candidates != null) {
                    for (Needle n : candidates) {
                        if (java.util.Arrays.equals(haystack, i, i + len, n.bytes(), 0, len)) {
                            hits.add(new Hit(name + " @" + i, n.what()));
                        }
                    }
                }
                if (i + len >= haystack.length) {
                    break;
                }
                h = (h - (haystack[i] & 0xff) * pow) * BASE + (haystack[i + len] & 0xff);
            }
        }
        return hits;
    }
}
