package org.lantaarn.config;

import java.nio.file.Path;

/** Loads a {@code lantaarn.config/1} document from YAML or JSON and validates it. */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Reads and validates the document in {@code file}. An unreadable file is one violation at path {@code $}. */
    public static ConfigResult load(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Parses and validates a document given as bytes (YAML or JSON; JSON is valid YAML). */
    public static ConfigResult parse(byte[] document) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
