package org.lantaarn.gateway;

/** Root of the gateway's unchecked exceptions: bugs and infrastructure failures, never bad input from outside. */
public class GatewayException extends RuntimeException {
    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
