package org.lantaarn.gateway.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lantaarn.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store's connections and transactions. Writes run on one writer thread ({@code lantaarn-store-writer})
 * that owns the write connection, each in its own {@code synchronous=FULL} transaction, so a write is on disk when
 * it returns. Reads use a second connection, one reader at a time.
 *
 * <p>Group commit ({@link #inOneTransaction}): the whole batch runs on the writer thread inside one transaction; each
 * write in it is a savepoint, so a write that fails on its message's content is undone alone, while a database
 * failure rolls back the whole batch. Reads on the writer thread during a batch use the write connection and so see
 * the batch's own writes. Thread-safe.
 */
final class SqliteWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteWriter.class);

    /** A piece of work on the write connection. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /** A read on a connection the writer lends. */
    interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private final ExecutorService writer;
    private final Connection writeConnection;
    private final Connection readConnection;
    private volatile Thread writerThread;
    private volatile boolean closed;
    /** Writer thread only: a batch of {@link #inOneTransaction} is open, and whether a write in it hit the database. */
    private boolean inBatch;
    private StoreException batchFailure;

    SqliteWriter(Path file) {
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-store-writer");
            t.setDaemon(true);
            writerThread = t;
            return t;
        });
        try {
            this.writeConnection = submit(() -> SqliteSchema.openWriter(file));
            this.readConnection = SqliteSchema.open(file);
        } catch (RuntimeException e) {
            writer.shutdownNow();
            throw e;
        }
    }

    /** The write connection: use only inside {@link #transaction} work. */
    Connection connection() {
        return writeConnection;
    }

    boolean isClosed() {
        return closed;
    }

    <T> T submit(Work<T> work) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        if (Thread.currentThread() == writerThread) {
            // Inside a batch (inOneTransaction): already on the writer thread, run in place.
            try {
                return work.run();
            } catch (SQLException e) {
                throw new StoreException("store write failed: " + e.getMessage(), e);
            }
        }
        Future<T> f;
        try {
            f = writer.submit(() -> work.run());
        } catch (RejectedExecutionException e) {
            throw new StoreException("store is closed", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store writer", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StoreException se) {
                throw se;
            }
            // Only a failing database is a store failure (the message is then not acknowledged and comes again).
            // Anything else came from the message itself and would fail the same way on every redelivery,
            // blocking every node behind it: it goes back to the caller, which counts it and moves on.
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StoreException("store write failed: " + c, c);
        }
    }

    /** Runs {@code work} in one transaction on the writer thread (a savepoint when a batch is open). */
    <T> T transaction(Work<T> work) {
        return submit(() -> {
            if (inBatch) {
                return inSavepoint(work);
            }
            try {
                T result = work.run();
                writeConnection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    writeConnection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    /** One write inside a batch: undone alone when its message trips a bug; a database failure fails the batch. */
    private <T> T inSavepoint(Work<T> work) throws SQLException {
        Savepoint sp;
        try {
            sp = writeConnection.setSavepoint();
        } catch (SQLException e) {
            throw failBatch(e);
        }
        try {
            T result = work.run();
            writeConnection.releaseSavepoint(sp);
            return result;
        } catch (SQLException e) {
            throw failBatch(e);
        } catch (StoreException e) {
            batchFailure = batchFailure == null ? e : batchFailure;
            throw e;
        } catch (RuntimeException e) {
            try {
                writeConnection.rollback(sp);
                writeConnection.releaseSavepoint(sp);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
                throw failBatch(suppressed);
            }
            throw e;
        }
    }

    private StoreException failBatch(SQLException e) {
        StoreException se = new StoreException("store write failed: " + e.getMessage(), e);
        if (batchFailure == null) {
            batchFailure = se;
        }
        return se;
    }

    <T> T inOneTransaction(Supplier<T> work) {
        return submit(() -> {
            if (inBatch) {
                return work.get(); // nested: joins the open batch
            }
            inBatch = true;
            batchFailure = null;
            try {
                T result = work.get();
                if (batchFailure != null) {
                    // A write hit the database and someone inside swallowed it: nothing of the batch is kept.
                    throw batchFailure;
                }
                writeConnection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    writeConnection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof SQLException sql) {
                    throw new StoreException("store batch commit failed: " + sql.getMessage(), sql);
                }
                throw e;
            } finally {
                inBatch = false;
                batchFailure = null;
            }
        });
    }

    <T> T read(Read<T> read) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        if (Thread.currentThread() == writerThread) {
            // Inside a batch: the write connection sees the batch's uncommitted writes, the read connection does not.
            try {
                return read.run(writeConnection);
            } catch (SQLException e) {
                throw new StoreException("store read failed: " + e.getMessage(), e);
            }
        }
        synchronized (readConnection) {
            try {
                return read.run(readConnection);
            } catch (SQLException e) {
                throw new StoreException("store read failed: " + e.getMessage(), e);
            }
        }
    }

    boolean isUsable() {
        if (closed) {
            return false;
        }
        try {
            read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nodes")) {
                    return rs.next();
                }
            });
            // The writer is alive and its connection answers. Cheap on purpose: /healthz is open and polled, and
            // the writer stores what arrives before it is acknowledged (a PRAGMA quick_check here read every page).
            return submit(() -> {
                try (Statement s = writeConnection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next();
                } finally {
                    if (!inBatch) {
                        writeConnection.rollback();
                    }
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.submit(() -> {
            try {
                writeConnection.close();
            } catch (SQLException e) {
                LOG.warn("closing the write connection: {}", e.getMessage());
            }
        });
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
        synchronized (readConnection) {
            try {
                readConnection.close();
            } catch (SQLException e) {
                LOG.warn("closing the read connection: {}", e.getMessage());
            }
        }
    }
}
