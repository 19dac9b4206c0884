package org.lantaarn.protocol;

/** The verdict on bytes from outside: an accepted message, or a rejection with its reason. Never an exception. */
public sealed interface Decoded permits Decoded.Accepted, Decoded.Rejected {

    record Accepted(Message message) implements Decoded {}

    record Rejected(Rejection rejection) implements Decoded {}

    static Decoded rejected(Rejection.Reason reason, String detail) {
        return new Rejected(new Rejection(reason, detail));
    }
}
