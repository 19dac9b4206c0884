/**
 * The store contract suite: abstract JUnit classes, one per aggregate group, that every
 * {@link org.lantaarn.gateway.store.GatewayStore} implementation extends (SQLite in the gateway, PostgreSQL in
 * {@code lantaarn-gateway-postgres}), and {@link org.lantaarn.testkit.store.PostgresServer}, a throw-away PostgreSQL
 * cluster shared by one test JVM.
 */
package org.lantaarn.testkit.store;
