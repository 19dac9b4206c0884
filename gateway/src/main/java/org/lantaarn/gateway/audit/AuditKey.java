package org.lantaarn.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.lantaarn.gateway.GatewayException;

/**
 * The audit log's HMAC key: 256 random bits, hex, in {@code audit.key} next to the log in the gateway's data directory,
 * created with mode 0600 and refused when group or others may read it. Whoever holds it can write entries that
 * verify; whoever does not cannot rewrite the chain.
 */
public final class AuditKey {
    public static final String FILE_NAME = "audit.key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AuditKey() {}

    /** The key in {@code dataDir}, created (0600) when there is none yet. */
    public static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createDirectories(dataDir);
                if (Files.getFileAttributeView(dataDir, PosixFileAttributeView.class) != null) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(file);
                }
                Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
                return key;
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            } catch (IOException e) {
                throw new GatewayException("cannot create the audit key " + file + ": " + e.getMessage(), e);
            }
        }
        return load(file);
    }

    /** Reads a key file; refuses one that group or others may read, or that is not 64 hex digits. */
    public static byte[] load(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> p = view.readAttributes().permissions();
                if (!OWNER_ONLY.containsAll(p)) {
                    throw new GatewayException("audit key " + file + " has mode " + PosixFilePermissions.toString(p)
                            + "; it must be readable by its owner only (chmod 600 " + file + ")");
                }
            }
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new GatewayException("audit key " + file + " is not 64 hex digits");
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new GatewayException("cannot read the audit key " + file + ": " + e.getMessage(), e);
        }
    }
}
