package org.lantaarn.gateway;

/** A gateway configuration that cannot be used; the message names the field. */
public class GatewayConfigException extends GatewayException {
    public GatewayConfigException(String message) {
        super(message);
    }

    public GatewayConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
