package org.lantaarn.sta;

/** What the service answers: the HTTP status, the content type and the body. */
public record StaResponse(int status, String contentType, String body) {
    public static final String JSON = "application/json";
}
