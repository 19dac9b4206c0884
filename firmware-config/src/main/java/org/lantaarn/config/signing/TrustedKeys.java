package org.lantaarn.config.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.lantaarn.config.pki.PkiException;

/**
 * The operator public keys a node or gateway accepts configurations from, by key id. Immutable.
 */
public final class TrustedKeys {
    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static TrustedKeys of(PublicKey... keys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            m.put(OperatorKeys.keyId(k), k);
        }
        return new TrustedKeys(m);
    }

    public static TrustedKeys none() {
        return new TrustedKeys(Map.of());
    }

    /**
     * Loads one {@code .pub} file, or every {@code *.pub} file in a directory.
     *
     * @throws PkiException when a file is not an Ed25519 public key, or a directory has none
     */
    public static TrustedKeys load(Path fileOrDir) {
        List<Path> files;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".pub")).sorted().toList();
            } catch (IOException e) {
                throw new PkiException("cannot list " + fileOrDir + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new PkiException(fileOrDir + " holds no operator public key (*.pub)");
            }
        } else {
            files = List.of(fileOrDir);
        }
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (Path f : files) {
            PublicKey k = OperatorKeys.readPublic(f);
            m.put(OperatorKeys.keyId(k), k);
        }
        return new TrustedKeys(m);
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }
}
