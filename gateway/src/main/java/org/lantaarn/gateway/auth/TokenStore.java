package org.lantaarn.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lantaarn.gateway.GatewayException;

/**
 * API tokens, kept in {@code tokens.jsonl} in the gateway's data directory (mode 0600) as one JSON line each:
 * name, role, the sha256 of the token, and when it was made. The token itself (256 random bits, base64url) is shown
 * once, when it is created, and never stored. None exist until an administrator creates one. The file is read again
 * when it changes, so a token created while the gateway runs works at once. Thread-safe.
 */
public final class TokenStore {
    public static final String FILE_NAME = "tokens.jsonl";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored token. */
    public record Entry(String name, Role role, String sha256, Instant created) {}

    private final Path file;
    private List<Entry> entries = List.of();
    private FileTime loadedAt;

    public TokenStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Makes a token for {@code name} with {@code role}, stores its hash and returns the token (shown once). */
    public synchronized String create(String name, Role role, Instant now) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GatewayException("token name must be 1-64 characters of A-Z a-z 0-9 . _ @ -: " + name);
        }
        if (entries().stream().anyMatch(e -> e.name().equals(name))) {
            throw new GatewayException("a token named " + name + " exists already");
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = "lt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("role", role.wire());
        o.put("sha256", sha256(token));
        o.put("created", now.toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, o + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new GatewayException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return token;
    }

    /** The holder of {@code token}, when it is a known token. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        byte[] h = HexFormat.of().parseHex(sha256(token));
        for (Entry e : entries()) {
            if (MessageDigest.isEqual(h, HexFormat.of().parseHex(e.sha256()))) {
                return Optional.of(new Principal(e.name(), e.role()));
            }
        }
        return Optional.empty();
    }

    /** Every stored token (hashes only). */
    public synchronized List<Entry> entries() {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            FileTime m = Files.getLastModifiedTime(file);
            if (m.equals(loadedAt)) {
                return entries;
            }
            List<Entry> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                out.add(new Entry(n.path("name").asText(), Role.fromWire(n.path("role").asText()), n.path("sha256").asText(),
                        Instant.parse(n.path("created").asText())));
            }
            entries = List.copyOf(out);
            loadedAt = m;
            return entries;
        } catch (IOException | RuntimeException e) {
            throw new GatewayException("cannot read tokens from " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
