package org.lantaarn.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node configuration signed by an operator ({@code lantaarn.signed-config/1}), retained on
 * {@code {prefix}/nodes/{node}/config}: the exact bytes of the {@code lantaarn.config/1} document, an Ed25519
 * signature over those bytes, and the id of the signing key. {@code node} and {@code version} repeat what the
 * document says so that a reader can route the message without parsing the document; a node trusts only the
 * signed bytes and refuses an envelope whose {@code node} or {@code version} differ from them.
 *
 * @param node      the node the document is for
 * @param version   the document's version
 * @param keyId     the signing key: the first 16 hex digits of the sha256 of its X.509 (SubjectPublicKeyInfo) encoding
 * @param document  the exact bytes of the configuration document (YAML or JSON)
 * @param signature the Ed25519 signature (64 bytes) over {@code document}
 */
public record SignedConfig(String node, long version, String keyId, byte[] document, byte[] signature) implements Message {
    /** The only signature algorithm of version 1. */
    public static final String ALGORITHM = "Ed25519";
    /** Largest configuration document, in bytes: 64 KiB. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    public SignedConfig {
        Ids.require("node", node);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("keyId must be 16 lower-case hex digits");
        }
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(signature, "signature");
        if (document.length == 0) {
            throw new IllegalArgumentException("document must not be empty");
        }
        if (signature.length != 64) {
            throw new IllegalArgumentException("signature must be 64 bytes (Ed25519), not " + signature.length);
        }
        document = document.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] document() {
        return document.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String schema() {
        return SchemaIds.SIGNED_CONFIG;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedConfig s && node.equals(s.node) && version == s.version && keyId.equals(s.keyId)
                && Arrays.equals(document, s.document) && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, version, keyId, Arrays.hashCode(document), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedConfig[node=" + node + ", version=" + version + ", keyId=" + keyId + ", document=" + document.length
                + " bytes, signature=" + HexFormat.of().formatHex(signature, 0, 4) + "...]";
    }
}
