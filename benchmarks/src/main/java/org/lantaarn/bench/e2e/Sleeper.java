package org.lantaarn.bench.e2e;

/** The footprint baseline: a JVM that only sleeps, started with the same flags as the node. */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
}
