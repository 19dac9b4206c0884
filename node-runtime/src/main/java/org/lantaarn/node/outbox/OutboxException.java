package org.lantaarn.node.outbox;

import org.lantaarn.node.NodeException;

/** The outbox's SQLite file cannot be opened, read or written. */
public class OutboxException extends NodeException {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
