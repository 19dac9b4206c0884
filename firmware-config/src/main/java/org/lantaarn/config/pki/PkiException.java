package org.lantaarn.config.pki;

/** A key, certificate or CA file that cannot be used; the message says which file and why. */
public class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
