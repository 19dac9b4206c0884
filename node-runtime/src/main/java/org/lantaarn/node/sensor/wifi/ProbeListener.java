package org.lantaarn.node.sensor.wifi;

/** Receives the probe requests a {@link PcapReader} finds, one call per frame, on the reader's thread. */
@FunctionalInterface
public interface ProbeListener {
    /** {@code epochNanos} of a frame whose record carries no capture time (a pcapng simple packet block). */
    long NO_CAPTURE_TIME = Long.MIN_VALUE;

    /**
     * One probe request.
     *
     * @param epochNanos          capture time from the pcap record, nanoseconds since 1970 (UTC), or {@link #NO_CAPTURE_TIME}
     * @param rssiDbm             dBm antenna signal, or {@link PcapReader#NO_SIGNAL} when the radiotap header has none
     * @param locallyAdministered whether the source address has the locally-administered bit set (a randomised address)
     * @param address             the source address in {@code address[0..6)}; valid only during this call: the reader
     *                            overwrites it with zeros as soon as the call returns. Never copy it, never turn it into text.
     */
    void probe(long epochNanos, int rssiDbm, boolean locallyAdministered, byte[] address);

    /** A record was skipped because it is malformed or the stream was truncated; {@code reason} names no content. */
    default void skipped(String reason) {}
}
