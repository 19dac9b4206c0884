package org.lantaarn.gateway.store.postgres;

import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.testkit.store.SequencingContract;
import org.lantaarn.testkit.store.PostgresServer;

/** The sequencing contract on a real PostgreSQL: the JVM's throw-away cluster, a new database per test. */
class PostgresSequencingContractTest extends SequencingContract {
    private String database;

    @Override
    protected GatewayStore openEmpty() {
        database = PostgresServer.shared().newDatabase();
        return reopen();
    }

    @Override
    protected GatewayStore reopen() {
        return PostgresGatewayStore.open(new PostgresSettings(PostgresServer.shared().jdbcUrl(database),
                PostgresServer.USER, null, 4), codec);
    }
}
