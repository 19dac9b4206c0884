package org.lantaarn.gateway.store.postgres;

import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.testkit.store.TwinQueueContract;
import org.lantaarn.testkit.store.PostgresServer;

/** The twin queue contract on a real PostgreSQL: the JVM's throw-away cluster, a new database per test. */
class PostgresTwinQueueContractTest extends TwinQueueContract {
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
