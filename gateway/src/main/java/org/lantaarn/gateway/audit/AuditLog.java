package org.lantaarn.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.store.AuditAnchor;

/**
 * An append-only audit log, {@code audit.jsonl} in the data directory, that shows a changed, removed, reordered or
 * cut-off entry. Each line is one JSON object {@code {seq, at, actor, action, target, detail, prev, mac}}: {@code prev}
 * is the previous line's {@code mac} (64 zeros for the first), {@code mac} the HMAC-SHA256 of the line without its
 * {@code mac} field (fields in that order) under the key in {@code audit.key} ({@link AuditKey}, 0600). Without the key
 * nobody can write a chain that verifies; and after every append the entry count and last MAC, the
 * {@link AuditAnchor}, go outside the file (to the gateway's store and a retained MQTT message, through the
 * {@code onAppend} callback), so a log cut short no longer reaches its anchor. Each append is forced to disk before the
 * anchor moves and before the call returns. Thread-safe within one process.
 */
public final class AuditLog {
    public static final String FILE_NAME = "audit.jsonl";
    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final byte[] key;
    private final Consumer<AuditAnchor> onAppend;
    private long seq;
    private String last = GENESIS;

    /** Opens (or creates) the log and its key in {@code dataDir}, without an anchor to check or move. */
    public AuditLog(Path dataDir) {
        this(dataDir, null, a -> {});
    }

    /**
     * Opens (or creates) the log and its key in {@code dataDir}; refuses to append to a log whose chain is broken or
     * that does not reach {@code anchor}. A log from a version without a key is moved aside (kept as evidence) and a
     * new keyed chain starts with an entry that names it.
     *
     * @param anchor   the anchor kept outside the file, {@code null} when there is none yet
     * @param onAppend called with the new anchor after each append, while no other append can run
     */
    public AuditLog(Path dataDir, AuditAnchor anchor, Consumer<AuditAnchor> onAppend) {
        this.file = dataDir.resolve(FILE_NAME);
        this.key = AuditKey.loadOrCreate(dataDir);
        this.onAppend = onAppend;
        String unkeyed = moveAsideIfUnkeyed();
        Verification v = verify(file, key, unkeyed != null ? null : anchor);
        if (!v.intact()) {
            throw new GatewayException("audit log " + file + " is broken at entry " + v.line() + ": " + v.problem()
                    + "; move it aside (keep it as evidence) before starting the gateway");
        }
        this.seq = v.entries();
        this.last = v.head();
        if (unkeyed != null) {
            append(Instant.now(), "gateway", "audit.keyed-chain-started", FILE_NAME, unkeyed);
        }
    }

    /** Appends an entry, moves the anchor and returns the entry's MAC. */
    public synchronized String append(Instant at, String actor, String action, String target, String detail) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", seq + 1);
        o.put("at", at.toString());
        o.put("actor", actor);
        o.put("action", action);
        o.put("target", target);
        o.put("detail", detail);
        o.put("prev", last);
        String mac = mac(key, o.toString());
        o.put("mac", mac);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap((o + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new GatewayException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
        seq++;
        last = mac;
        onAppend.accept(new AuditAnchor(seq, mac, at));
        return mac;
    }

    /**
     * One entry as written: {@code seq, at, actor, action, target, detail}, and its chain fields {@code prev, mac}.
     * {@code seq} is 0 and the rest null for a line that is not an entry (shown, never hidden, by a reader).
     */
    public record Entry(long seq, String at, String actor, String action, String target, String detail, String prev, String mac) {}

    /** The newest {@code max} entries, oldest first, read under the writers' lock so no half-written line is seen. */
    public synchronized List<Entry> tail(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>(max);
        if (Files.exists(file)) {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(l -> {
                    if (last.size() == max) {
                        last.removeFirst();
                    }
                    last.addLast(l);
                });
            } catch (IOException e) {
                throw new GatewayException("cannot read the audit log " + file + ": " + e.getMessage(), e);
            }
        }
        return last.stream().map(AuditLog::entry).toList();
    }

    private static Entry entry(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            return new Entry(o.path("seq").asLong(), text(o, "at"), text(o, "actor"), text(o, "action"), text(o, "target"),
                    text(o, "detail"), text(o, "prev"), text(o, "mac"));
        } catch (IOException e) {
            return new Entry(0, null, null, null, null, null, null, null);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The anchor of the log as written so far. */
    public synchronized AuditAnchor anchor(Instant at) {
        return new AuditAnchor(seq, last, at);
    }

    /**
     * The result of checking a log.
     *
     * @param intact  whether every entry verifies, chains to the one before, and the log reaches its anchor
     * @param entries entries that verify (all of them when intact)
     * @param line    the first broken entry (1-based; one past the end for a log cut short), 0 when intact
     * @param problem what is wrong
     * @param head    the MAC of the last entry that verifies
     * @param note    something an operator should know about an intact log (entries after the anchor), or null
     */
    public record Verification(boolean intact, long entries, long line, String problem, String head, String note) {
        static Verification broken(long entries, long line, String problem, String head) {
            return new Verification(false, entries, line, problem, head, null);
        }
    }

    /** Checks the log in {@code file} with the key next to it ({@code audit.key}), without an anchor. */
    public static Verification verify(Path file) {
        return verify(file, AuditKey.load(file.toAbsolutePath().resolveSibling(AuditKey.FILE_NAME)), null);
    }

    /**
     * Checks every entry's MAC and chain, then that the log reaches {@code anchor} (when given): at least
     * {@code anchor.entries()} entries, the one at that position carrying {@code anchor.head()}. A missing file is an
     * empty log.
     */
    public static Verification verify(Path file, byte[] key, AuditAnchor anchor) {
        List<String> lines = List.of();
        if (Files.exists(file)) {
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Verification.broken(0, 1, "cannot read: " + e.getMessage(), GENESIS);
            }
        }
        String prev = GENESIS;
        String atAnchor = anchor != null && anchor.entries() == 0 ? GENESIS : null;
        long n = 0;
        for (String line : lines) {
            long at = n + 1;
            JsonNode j;
            try {
                j = JSON.readTree(line);
            } catch (IOException e) {
                return Verification.broken(n, at, "not JSON", prev);
            }
            if (!(j instanceof ObjectNode o) || !o.has("mac")) {
                return Verification.broken(n, at, asObject(j).has("hash") ? "an unkeyed entry (written without the audit key)"
                        : "not an audit entry", prev);
            }
            String mac = o.remove("mac").asText();
            if (o.path("seq").asLong() != at) {
                return Verification.broken(n, at, "seq " + o.path("seq").asText() + " where " + at + " was expected", prev);
            }
            if (!o.path("prev").asText().equals(prev)) {
                return Verification.broken(n, at, "does not chain to the entry before it (an entry was removed or reordered)", prev);
            }
            if (!MessageDigest.isEqual(mac(key, o.toString()).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
                return Verification.broken(n, at, "its MAC does not match its content under the audit key "
                        + "(the entry was changed, or the chain rewritten without the key)", prev);
            }
            prev = mac;
            n++;
            if (anchor != null && n == anchor.entries()) {
                atAnchor = mac;
            }
        }
        if (anchor == null) {
            return new Verification(true, n, 0, null, prev, "no anchor to compare with");
        }
        if (n < anchor.entries()) {
            return Verification.broken(n, n + 1, "the log ends after " + n + " entries but its anchor says " + anchor.entries()
                    + " (last written " + anchor.at() + "): entries were removed from the end", prev);
        }
        if (!anchor.head().equals(atAnchor)) {
            return Verification.broken(n, anchor.entries(), "entry " + anchor.entries() + " is not the one anchored (MAC "
                    + anchor.head() + "): the log was rewritten", prev);
        }
        String note = n > anchor.entries() ? (n - anchor.entries()) + " entries after the anchor (written just before the anchor moved)" : null;
        return new Verification(true, n, 0, null, prev, note);
    }

    private static ObjectNode asObject(JsonNode j) {
        return j instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    /**
     * Moves a log written by a version without a key to {@code audit-unkeyed-<millis>.jsonl} and says what it held, or
     * returns {@code null} when the log is keyed (or absent).
     */
    private String moveAsideIfUnkeyed() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.getFirst().contains("\"hash\"") || lines.getFirst().contains("\"mac\"")) {
                return null;
            }
            Path aside = file.resolveSibling("audit-unkeyed-" + System.currentTimeMillis() + ".jsonl");
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            String lastLine = lines.getLast();
            int h = lastLine.lastIndexOf("\"hash\":\"");
            String lastHash = h < 0 ? "?" : lastLine.substring(h + 8, Math.min(lastLine.length(), h + 8 + 64));
            return "the unkeyed log before this version is kept as " + aside.getFileName() + ": " + lines.size()
                    + " entries, last hash " + lastHash;
        } catch (IOException e) {
            throw new GatewayException("cannot move the unkeyed audit log " + file + " aside: " + e.getMessage(), e);
        }
    }

    static String mac(byte[] key, String s) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
