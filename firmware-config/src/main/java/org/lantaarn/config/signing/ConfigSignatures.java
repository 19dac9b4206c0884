package org.lantaarn.config.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.Violation;
import org.lantaarn.protocol.SignedConfig;

/**
 * Signs configuration documents and verifies signed ones. Verification checks, in this order: the document's
 * size, the key id against the trusted keys, the Ed25519 signature over the exact bytes, then that the document
 * validates and that the envelope's node and version are the document's own. Thread-safe.
 */
public final class ConfigSignatures {
    private ConfigSignatures() {}

    /**
     * Signs {@code document}, which must be a valid {@code lantaarn.config/1} document of at most 64 KiB.
     *
     * @throws IllegalArgumentException listing the violations when the document is invalid or too large
     */
    public static SignedConfig sign(byte[] document, PrivateKey key, PublicKey publicKey) {
        if (document.length > SignedConfig.MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("too-large: the document has " + document.length + " bytes; the limit is "
                    + SignedConfig.MAX_DOCUMENT_BYTES);
        }
        NodeConfig config = switch (ConfigLoader.parse(document)) {
            case ConfigResult.Valid v -> v.config();
            case ConfigResult.Invalid i -> throw new IllegalArgumentException("invalid-document: "
                    + String.join("; ", i.violations().stream().map(Violation::toString).toList()));
        };
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(document);
            return new SignedConfig(config.node(), config.version(), OperatorKeys.keyId(publicKey), document, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Why a signed configuration was refused; the code is the nack reason on the wire. */
    public enum Refusal {
        TOO_LARGE("too-large"),
        UNKNOWN_KEY("unknown-key"),
        BAD_SIGNATURE("bad-signature"),
        INVALID_DOCUMENT("invalid-document");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The verdict on a signed configuration. */
    public sealed interface Verdict permits Verified, Refused {}

    /** The signature verifies and the document validates. */
    public record Verified(NodeConfig config, String sha256, String keyId) implements Verdict {}

    /** Refused, with the reason and a detail for a person. */
    public record Refused(Refusal refusal, String detail) implements Verdict {}

    public static Verdict verify(SignedConfig signed, TrustedKeys trusted) {
        return verify(signed, trusted, null);
    }

    /**
     * Verifies as {@link #verify(SignedConfig, TrustedKeys)}; relative TLS file names in the document resolve against
     * {@code baseDir} (the directory of the node's configuration file), or stay as written when it is {@code null}.
     */
    public static Verdict verify(SignedConfig signed, TrustedKeys trusted, java.nio.file.Path baseDir) {
        byte[] doc = signed.document();
        if (doc.length > SignedConfig.MAX_DOCUMENT_BYTES) {
            return new Refused(Refusal.TOO_LARGE, "document of " + doc.length + " bytes exceeds " + SignedConfig.MAX_DOCUMENT_BYTES);
        }
        PublicKey key = trusted.key(signed.keyId()).orElse(null);
        if (key == null) {
            return new Refused(Refusal.UNKNOWN_KEY, "key " + signed.keyId() + " is not one of the trusted operator keys " + trusted.ids());
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(doc);
            ok = s.verify(signed.signature());
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            return new Refused(Refusal.BAD_SIGNATURE, "the signature does not verify against key " + signed.keyId());
        }
        return switch (ConfigLoader.parse(doc, baseDir)) {
            case ConfigResult.Invalid(List<Violation> violations) -> new Refused(Refusal.INVALID_DOCUMENT,
                    String.join("; ", violations.stream().limit(5).map(Violation::toString).toList()));
            case ConfigResult.Valid(NodeConfig c, String sha) -> {
                if (!c.node().equals(signed.node()) || c.version() != signed.version()) {
                    yield new Refused(Refusal.INVALID_DOCUMENT, "the envelope says node " + signed.node() + " version "
                            + signed.version() + " but the signed document says node " + c.node() + " version " + c.version());
                }
                yield new Verified(c, sha, signed.keyId());
            }
        };
    }

    /** sha256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
