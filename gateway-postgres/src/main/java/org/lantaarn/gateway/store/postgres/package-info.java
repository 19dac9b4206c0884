/**
 * The gateway's store on PostgreSQL, for a city: several gateway replicas share one database. Schema by Flyway
 * ({@code db/migration/postgresql}), connections from a HikariCP pool, the sequencing rules from
 * {@link org.lantaarn.gateway.store.rules.Sequencing} with the node's row locked for the transaction, so replicas
 * sequence one node one at a time.
 */
package org.lantaarn.gateway.store.postgres;
