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
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.lantaarn.gateway.GatewayException;

/**
 * An append-only audit log, {@code audit.jsonl} in the data directory. Each line is one JSON object
 * {@code {seq, at, actor, action, target, detail, prev, hash}} where {@code prev} is the previous line's hash
 * ({@code 64 zeros} for the first) and {@code hash} is the sha256 of the line without its {@code hash} field
 * (fields in that order). Changing, removing or reordering a line breaks the chain at that line. Each append is
 * forced to disk before the call returns. Thread-safe within one process.
 */
public final class AuditLog {
    public static final String FILE_NAME = "audit.jsonl";
    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private long seq;
    private String last = GENESIS;

    /** Opens (or creates) the log in {@code dataDir}; refuses to append to a log whose chain is broken. */
    public AuditLog(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        Verification v = verify(file);
        if (!v.intact()) {
            throw new GatewayException("audit log " + file + " is broken at line " + v.line() + ": " + v.problem()
                    + "; move it aside (keep it as evidence) before starting the gateway");
        }
        this.seq = v.entries();
        this.last = v.lastHash();
    }

    /** Appends an entry and returns its hash. */
    public synchronized String append(Instant at, String actor, String action, String target, String detail) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", seq + 1);
        o.put("at", at.toString());
        o.put("actor", actor);
        o.put("action", action);
        o.put("target", target);
        o.put("detail", detail);
        o.put("prev", last);
        String hash = sha256(o.toString());
        o.put("hash", hash);
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
        last = hash;
        return hash;
    }

    /**
     * The result of checking a log.
     *
     * @param intact   whether every line chains to the one before
     * @param entries  lines checked (all of them when intact)
     * @param line     the first broken line (1-based), 0 when intact
     * @param problem  what is wrong with it
     * @param lastHash the hash of the last good line
     */
    public record Verification(boolean intact, long entries, long line, String problem, String lastHash) {}

    /** Checks the chain of the log in {@code file}; a missing file is an intact, empty log. */
    public static Verification verify(Path file) {
        if (!Files.exists(file)) {
            return new Verification(true, 0, 0, null, GENESIS);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Verification(false, 0, 1, "cannot read: " + e.getMessage(), GENESIS);
        }
        String prev = GENESIS;
        long n = 0;
        for (String line : lines) {
            long at = n + 1;
            try {
                JsonNode j = JSON.readTree(line);
                if (!(j instanceof ObjectNode o) || !o.has("hash")) {
                    return new Verification(false, n, at, "not an audit entry", prev);
                }
                String hash = o.remove("hash").asText();
                if (o.path("seq").asLong() != at) {
                    return new Verification(false, n, at, "seq " + o.path("seq").asText() + " where " + at + " was expected", prev);
                }
                if (!o.path("prev").asText().equals(prev)) {
                    return new Verification(false, n, at, "does not chain to the entry before it", prev);
                }
                if (!sha256(o.toString()).equals(hash)) {
                    return new Verification(false, n, at, "its hash does not match its content (the entry was changed)", prev);
                }
                prev = hash;
                n++;
            } catch (IOException e) {
                return new Verification(false, n, at, "not JSON", prev);
            }
        }
        return new Verification(true, n, 0, null, prev);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
