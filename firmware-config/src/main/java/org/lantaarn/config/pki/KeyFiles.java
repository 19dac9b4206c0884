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

/** Files that hold secrets: written with mode 0600 from the first byte, and refused when others can read them. */
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
     * Refuses a private key file that is readable or writable by others than its owner and group (mode o+r or
     * o+w), so that a node or gateway never starts with a key any local user could copy.
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
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new PkiException("private key " + file + " is readable or writable by every user (mode "
                        + PosixFilePermissions.toString(perms) + "); refusing to use it: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new PkiException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean supportsPosix(Path p) {
        return Files.getFileAttributeView(p.toAbsolutePath(), PosixFileAttributeView.class) != null;
    }
}
