package org.lantaarn.gateway.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.testkit.store.TwinQueueContract;

/** The twin queue contract on the embedded SQLite store: a new file per test, reopened from the same directory. */
class SqliteTwinQueueContractTest extends TwinQueueContract {
    @TempDir
    Path dir;

    @Override
    protected GatewayStore openEmpty() {
        return SqliteGatewayStore.open(dir, codec);
    }

    @Override
    protected GatewayStore reopen() {
        return SqliteGatewayStore.open(dir, codec);
    }
}
