package org.lantaarn.node;

/**
 * The root of the node runtime's unchecked exceptions: bugs and infrastructure failures (a disk that
 * refuses writes, a broker URI that cannot work). Expected outcomes and bad outside input are values,
 * never these.
 */
public class NodeException extends RuntimeException {
    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
