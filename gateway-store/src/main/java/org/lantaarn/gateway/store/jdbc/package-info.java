/**
 * The SQL both JDBC stores (the embedded SQLite one and PostgreSQL) share, one class per aggregate, each running on a
 * connection its store lends inside the store's own transaction or read; a {@link org.lantaarn.gateway.store.jdbc.JdbcDialect}
 * names the few things the two databases spell differently. Before: a store's aggregate methods; after: the tables.
 * The sequencing rows are in {@code store.rules}; the twin queue's query stays in each store.
 */
package org.lantaarn.gateway.store.jdbc;
