package org.lantaarn.node.selftest;

import java.util.Objects;

/** One line of the self-test checklist: what was checked, the value found, and the verdict. */
public record Check(String name, String value, Verdict verdict) {
    /** {@link #FAIL} makes the self-test fail; {@link #WARN} is worth a look but does not. */
    public enum Verdict { PASS, WARN, FAIL }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(verdict, "verdict");
    }

    static Check pass(String name, String value) {
        return new Check(name, value, Verdict.PASS);
    }

    static Check warn(String name, String value) {
        return new Check(name, value, Verdict.WARN);
    }

    static Check fail(String name, String value) {
        return new Check(name, value, Verdict.FAIL);
    }
}
