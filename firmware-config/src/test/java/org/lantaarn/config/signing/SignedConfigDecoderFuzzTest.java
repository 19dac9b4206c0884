package org.lantaarn.config.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;

/**
 * Any bytes as a {@code lantaarn.signed-config/1} envelope, decoded and verified as a node does: nothing throws, and
 * a configuration is {@link ConfigSignatures.Verified} only when the Ed25519 signature over the exact document verifies
 * (checked here independently) under the trusted key and the document is valid and for the envelope's node and
 * version. Seeds in {@code SignedConfigDecoderFuzzTestInputs/}: a good envelope signed by the key below (its private
 * half was thrown away), a flipped signature, an unknown key, an envelope for another node, a signed invalid document.
 */
class SignedConfigDecoderFuzzTest {
    /** The operator key the seed envelopes were signed with (X.509, base64). */
    private static final String TRUSTED = "MCowBQYDK2VwAyEAJi1vsQXrBvag4X1UEWHtckGutAwubOK1IcYuqluD5Bg=";
    private static final JsonCodec CODEC = new JsonCodec();
    private static final PublicKey KEY = publicKey();
    private static final TrustedKeys KEYS = TrustedKeys.of(KEY);

    private static PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(TRUSTED)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void the_good_seed_verifies_so_the_property_checks_the_verified_branch_too() throws Exception {
        try (var in = getClass().getResourceAsStream("SignedConfigDecoderFuzzTestInputs/"
                + "decoding_and_verifying_any_envelope_never_throws_and_only_a_good_signature_verifies/signed-valid")) {
            SignedConfig signed = (SignedConfig) ((Decoded.Accepted) CODEC.decodeSignedConfig(in.readAllBytes())).message();
            assertThat(ConfigSignatures.verify(signed, KEYS)).isInstanceOf(ConfigSignatures.Verified.class);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void decoding_and_verifying_any_envelope_never_throws_and_only_a_good_signature_verifies(byte[] data) throws Exception {
        Decoded d = CODEC.decodeSignedConfig(data);
        if (!(d instanceof Decoded.Accepted(SignedConfig signed))) {
            assertThat(d).isInstanceOf(Decoded.Rejected.class);
            return;
        }
        ConfigSignatures.Verdict v = ConfigSignatures.verify(signed, KEYS);

        boolean signatureGood;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(KEY);
            s.update(signed.document());
            signatureGood = s.verify(signed.signature());
        } catch (java.security.SignatureException e) {
            signatureGood = false;
        }
        switch (v) {
            case ConfigSignatures.Verified ok -> {
                assertThat(signatureGood).as("verified only with a good signature").isTrue();
                assertThat(ConfigLoader.parse(signed.document())).isInstanceOf(ConfigResult.Valid.class);
                assertThat(ok.config().node()).isEqualTo(signed.node());
                assertThat(ok.config().version()).isEqualTo(signed.version());
                assertThat(ok.sha256()).isEqualTo(ConfigSignatures.sha256(signed.document()));
            }
            case ConfigSignatures.Refused(var refusal, var detail) -> {
                assertThat(refusal).isNotNull();
                assertThat(detail).isNotBlank();
                if (refusal == ConfigSignatures.Refusal.BAD_SIGNATURE) {
                    assertThat(signatureGood).isFalse();
                }
            }
        }
    }
}
