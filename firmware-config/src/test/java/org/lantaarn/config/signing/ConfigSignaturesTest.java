package org.lantaarn.config.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.lantaarn.protocol.SignedConfig;

class ConfigSignaturesTest {
    static final String DOC = """
            schema: lantaarn.config/1
            node: lp-1
            site: test
            version: 4
            location: {lat: 51.69, lon: 5.30}
            purpose: testing
            legalGround: none
            uplink: {broker: "tcp://127.0.0.1:1883"}
            streams:
              - {id: air, sensor: climate}
            """;

    private final KeyPair operator = OperatorKeys.generate();
    private final TrustedKeys trusted = TrustedKeys.of(operator.getPublic());

    private SignedConfig signed(String doc) {
        return ConfigSignatures.sign(doc.getBytes(StandardCharsets.UTF_8), operator.getPrivate(), operator.getPublic());
    }

    @Test
    void a_signed_document_verifies_against_the_operator_key_with_its_node_version_and_hash() {
        SignedConfig s = signed(DOC);

        var v = (ConfigSignatures.Verified) ConfigSignatures.verify(s, trusted);

        assertThat(s.keyId()).isEqualTo(OperatorKeys.keyId(operator.getPublic())).hasSize(16);
        assertThat(v.config().node()).isEqualTo("lp-1");
        assertThat(v.config().version()).isEqualTo(4);
        assertThat(v.sha256()).isEqualTo(ConfigSignatures.sha256(DOC.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void relative_tls_files_in_a_pushed_document_resolve_against_the_nodes_configuration_directory() {
        String doc = DOC.replace("uplink: {broker: \"tcp://127.0.0.1:1883\"}",
                "uplink: {broker: \"ssl://localhost:8883\", tls: {ca: ca.crt, cert: node.crt, key: /abs/node.key}}");
        java.nio.file.Path etc = java.nio.file.Path.of("/etc/lantaarn");

        var v = (ConfigSignatures.Verified) ConfigSignatures.verify(signed(doc), trusted, etc);

        assertThat(v.config().uplink().tls().caFile()).isEqualTo(etc.resolve("ca.crt"));
        assertThat(v.config().uplink().tls().certFile()).isEqualTo(etc.resolve("node.crt"));
        assertThat(v.config().uplink().tls().keyFile()).isEqualTo(java.nio.file.Path.of("/abs/node.key"));
        assertThat(v.sha256()).as("the hash is of the signed bytes, not of the resolved paths")
                .isEqualTo(ConfigSignatures.sha256(doc.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_changed_byte_in_the_document_breaks_the_signature() {
        SignedConfig s = signed(DOC);
        byte[] doc = s.document();
        doc[doc.length - 2] = 'X';
        SignedConfig tampered = new SignedConfig(s.node(), s.version(), s.keyId(), doc, s.signature());

        assertThat(ConfigSignatures.verify(tampered, trusted)).isInstanceOfSatisfying(ConfigSignatures.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ConfigSignatures.Refusal.BAD_SIGNATURE));
    }

    @Test
    void a_document_signed_by_a_key_the_node_does_not_trust_is_unknown_key() {
        KeyPair stranger = OperatorKeys.generate();
        SignedConfig s = ConfigSignatures.sign(DOC.getBytes(StandardCharsets.UTF_8), stranger.getPrivate(), stranger.getPublic());

        assertThat(ConfigSignatures.verify(s, trusted)).isInstanceOfSatisfying(ConfigSignatures.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ConfigSignatures.Refusal.UNKNOWN_KEY));
    }

    @Test
    void a_stranger_claiming_the_operator_key_id_is_bad_signature() {
        KeyPair stranger = OperatorKeys.generate();
        SignedConfig s = ConfigSignatures.sign(DOC.getBytes(StandardCharsets.UTF_8), stranger.getPrivate(), operator.getPublic());

        assertThat(ConfigSignatures.verify(s, trusted)).isInstanceOfSatisfying(ConfigSignatures.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ConfigSignatures.Refusal.BAD_SIGNATURE));
    }

    @Test
    void an_envelope_that_names_another_version_than_the_signed_document_is_invalid() {
        SignedConfig s = signed(DOC);
        SignedConfig lying = new SignedConfig(s.node(), 99, s.keyId(), s.document(), s.signature());

        assertThat(ConfigSignatures.verify(lying, trusted)).isInstanceOfSatisfying(ConfigSignatures.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ConfigSignatures.Refusal.INVALID_DOCUMENT));
    }

    @Test
    void refuses_to_sign_an_invalid_or_oversized_document() {
        assertThatThrownBy(() -> signed(DOC.replace("version: 4", "version: -1"))).hasMessageStartingWith("invalid-document");
        assertThatThrownBy(() -> signed(DOC + "#" + "x".repeat(SignedConfig.MAX_DOCUMENT_BYTES))).hasMessageStartingWith("too-large");
    }
}
