package org.lantaarn.config;

import java.util.List;

/** The verdict on a configuration document: valid, with its model and the sha256 of its exact bytes, or every violation found. */
public sealed interface ConfigResult permits ConfigResult.Valid, ConfigResult.Invalid {

    /** A document that passed validation. {@code sha256} is lower-case hex of the document's bytes. */
    record Valid(NodeConfig config, String sha256) implements ConfigResult {}

    /** A document with at least one violation; all of them, in document order. */
    record Invalid(List<Violation> violations) implements ConfigResult {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }
    }
}
