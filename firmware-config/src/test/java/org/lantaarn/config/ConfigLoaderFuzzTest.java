package org.lantaarn.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.Location;

/**
 * Any bytes as a configuration document: the loader never throws; it refuses with at least one violation that names
 * where and what, or accepts a document whose ids can stand in topics, whose stream ids are not reserved, whose hash is
 * the hash of exactly these bytes, and which parses the same way again. Regression mode in a normal test run over
 * {@code ConfigLoaderFuzzTestInputs/} (the test and example documents, cut, tab-indented, alias-bomb, JSON form,
 * reserved stream, overlong description); {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConfigLoaderFuzzTest {
    @org.junit.jupiter.api.Test
    void the_valid_seed_is_valid_so_the_property_checks_the_accepted_branch_too() throws Exception {
        try (var in = getClass().getResourceAsStream("ConfigLoaderFuzzTestInputs/parsing_any_document_never_throws_and_a_valid_one_obeys_the_rules/node-valid")) {
            assertThat(ConfigLoader.parse(in.readAllBytes())).isInstanceOf(ConfigResult.Valid.class);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parsing_any_document_never_throws_and_a_valid_one_obeys_the_rules(byte[] document) {
        ConfigResult r = ConfigLoader.parse(document);

        switch (r) {
            case ConfigResult.Invalid(var violations) -> {
                assertThat(violations).isNotEmpty();
                assertThat(violations).allSatisfy(v -> {
                    assertThat(v.path()).isNotNull();
                    assertThat(v.message()).isNotBlank();
                });
            }
            case ConfigResult.Valid(NodeConfig c, String sha256) -> {
                assertThat(sha256).isEqualTo(ConfigSignatures.sha256(document));
                assertThat(Ids.isValid(c.node())).isTrue();
                assertThat(Ids.isValid(c.site())).isTrue();
                assertThat(c.streams()).allSatisfy(s -> assertThat(Ids.streamProblem(s.id())).isNull());
                assertThat(c.location().description() == null
                        || c.location().description().length() <= Location.MAX_DESCRIPTION_CHARS).isTrue();
                assertThat(ConfigLoader.parse(document)).isEqualTo(r);
            }
        }
    }
}
