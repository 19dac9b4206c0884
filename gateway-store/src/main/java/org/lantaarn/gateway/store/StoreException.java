package org.lantaarn.gateway.store;

import org.lantaarn.gateway.GatewayException;

/**
 * The store cannot do its work (disk full, file locked, closed). An infrastructure failure: the message being
 * handled is not acknowledged, so the broker delivers it again.
 */
public class StoreException extends GatewayException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
