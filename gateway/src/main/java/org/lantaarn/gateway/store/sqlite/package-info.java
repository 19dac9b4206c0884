/**
 * The embedded default store: one SQLite file in WAL mode, written by one writer thread with synchronous=FULL,
 * read through a separate connection.
 */
package org.lantaarn.gateway.store.sqlite;
