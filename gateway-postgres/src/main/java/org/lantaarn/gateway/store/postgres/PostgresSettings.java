package org.lantaarn.gateway.store.postgres;

import java.util.Objects;

/**
 * Where the PostgreSQL store lives.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
 * @param user     database user (owner of the schema: Flyway creates and migrates it)
 * @param password its password, or null for trust/peer/certificate authentication
 * @param poolSize connections per gateway replica (at least 2: writes and reads)
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int poolSize) {
    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store URL must start with jdbc:postgresql: " + jdbcUrl);
        }
        Objects.requireNonNull(user, "user");
        if (poolSize < 2) {
            throw new IllegalArgumentException("store pool size must be at least 2: " + poolSize);
        }
    }
}
