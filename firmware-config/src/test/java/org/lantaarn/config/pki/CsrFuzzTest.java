package org.lantaarn.config.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text as a certificate signing request: {@link Csr#parse} returns a request whose self-signature verified and
 * whose subject has exactly one CN, or throws {@link PkiException} (the documented rejection), never anything else.
 * Seeds in {@code CsrFuzzTestInputs/}: a real request, one with a flipped signature byte, a line removed, bad base64
 * padding, non-DER content, the wrong PEM block.
 */
class CsrFuzzTest {
    @org.junit.jupiter.api.Test
    void the_real_seed_parses_so_the_property_checks_the_accepted_branch_too() throws Exception {
        try (var in = getClass().getResourceAsStream("CsrFuzzTestInputs/parsing_any_text_yields_a_verified_request_or_a_pki_exception/valid-request")) {
            assertThat(Csr.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).commonName()).isEqualTo("node-a");
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parsing_any_text_yields_a_verified_request_or_a_pki_exception(byte[] data) {
        String pem = new String(data, StandardCharsets.UTF_8);
        Csr.Parsed parsed;
        try {
            parsed = Csr.parse(pem);
        } catch (PkiException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(parsed.commonName()).isNotNull();
        assertThat(parsed.publicKey()).isNotNull();
        assertThat(Csr.parse(pem)).isEqualTo(parsed);
    }
}
