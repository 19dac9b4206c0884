package org.lantaarn.config;

import java.nio.file.Path;
import java.util.Objects;

/** PEM files for mutual TLS: the CA that signed the broker, the node's certificate and its private key. */
public record TlsConfig(Path caFile, Path certFile, Path keyFile) {
    public TlsConfig {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
