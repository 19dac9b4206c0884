package org.lantaarn.node.sensor.wifi;

/**
 * What a {@link PcapReader} has seen so far.
 *
 * @param records        pcap records read in full
 * @param probeRequests  probe requests delivered to the listener
 * @param otherFrames    well-formed frames that are not probe requests (ignored)
 * @param malformed      records or headers that could not be parsed (skipped)
 * @param truncated      1 when the stream ended in the middle of a header or record
 * @param badFcs         frames the radio marked as failing their checksum (skipped)
 */
public record CaptureStats(long records, long probeRequests, long otherFrames, long malformed, long truncated, long badFcs) {}
