package org.lantaarn.config.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets: written with mode 0600 from the first byte, and refused unless only their owner may use
 * them (0600 or 0400). Every private key the project loads (node and gateway TLS keys, the API's key, the CA key,
 * operator signing keys) goes through {@link #requirePrivate} via {@link Pem#readPrivateKey}.
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {}

    /**
     * Writes {@code text} to a new file that only its owner can read and write (0600 from creation, never wider).
     *
     * @throws PkiException when the file exists (a key is never overwritten) or cannot be written
     */
    public static void writeSecret(Path file, String text) {
        try {
            if (Files.exists(file)) {
                throw new PkiException(file + " exists; refusing to overwrite a key");
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (supportsPosix(dir)) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new PkiException(file + " exists; refusing to overwrite a key", e);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file others may read (a certificate, a public key, a CSR); overwrites. */
    public static void writePublic(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a private key file that anyone but its owner may read, write or execute: only modes 0600 and 0400 (and
     * owner-only variants such as 0700) pass, so that a node, the gateway, the CA or an operator never uses a key another
     * local user or group could copy. The message names the file, its mode and the fix.
     */
    public static void requirePrivate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PkiException("private key " + file + " does not exist or is not a file");
        }
        if (!supportsPosix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> wider = java.util.EnumSet.copyOf(perms);
            wider.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            if (!wider.isEmpty()) {
                throw new PkiException("private key " + file + " has mode " + PosixFilePermissions.toString(perms)
                        + ": others than its owner may use it; refusing it (only 0600 or 0400): chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new PkiException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean supportsPosix(Path p) {
        return Files.getFileAttributeView(p.toAbsolutePath(), PosixFileAttributeView.class) != null;
    }
}
