package org.lantaarn.config.signing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import org.lantaarn.config.pki.KeyFiles;
import org.lantaarn.config.pki.Pem;
import org.lantaarn.config.pki.PkiException;

/**
 * Operator signing keys: Ed25519 (from the JDK), the private key as PEM PKCS#8 with mode 0600, the public key
 * as PEM SubjectPublicKeyInfo. A key's id is the first 16 hex digits of the sha256 of its public key encoding.
 */
public final class OperatorKeys {
    private OperatorKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** The key id: the first 16 hex digits of sha256 of the X.509 encoding of {@code key}. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Writes {@code <name>.key} (0600) and {@code <name>.pub} into {@code dir} and returns the key id.
     *
     * @throws PkiException when a file exists already
     */
    public static String write(KeyPair kp, Path dir, String name) {
        KeyFiles.writeSecret(dir.resolve(name + ".key"), Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
        KeyFiles.writePublic(dir.resolve(name + ".pub"), Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()));
        return keyId(kp.getPublic());
    }

    /** Reads an operator private key; refuses a file others can read, or a key that is not Ed25519. */
    public static PrivateKey readPrivate(Path file) {
        PrivateKey k = Pem.readPrivateKey(file);
        if (!k.getAlgorithm().equals("Ed25519") && !k.getAlgorithm().equals("EdDSA")) {
            throw new PkiException(file + ": an operator key must be Ed25519, not " + k.getAlgorithm());
        }
        return k;
    }

    /** Reads an operator public key; refuses one that is not Ed25519. */
    public static PublicKey readPublic(Path file) {
        PublicKey k = Pem.readPublicKey(file);
        if (!k.getAlgorithm().equals("Ed25519") && !k.getAlgorithm().equals("EdDSA")) {
            throw new PkiException(file + ": an operator key must be Ed25519, not " + k.getAlgorithm());
        }
        return k;
    }
}
