package org.lantaarn.config;

/** One thing wrong with a configuration document, at a path such as {@code streams[2].window}. */
public record Violation(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
