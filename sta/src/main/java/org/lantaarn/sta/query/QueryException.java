package org.lantaarn.sta.query;

/**
 * A request the service refuses with 400 Bad Request; the message names the query option or path part at fault and
 * what is wrong with it ({@code "$filter at 12 near 'foo': ..."}).
 */
public final class QueryException extends RuntimeException {
    private final int status;

    public QueryException(String message) {
        this(400, message);
    }

    public QueryException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400, or 404 for a path that names nothing. */
    public int status() {
        return status;
    }
}
