package org.lantaarn.node.sensor;

/**
 * An open sensor. {@link #start(SampleSink)} begins delivering samples on threads the driver owns (a device that
 * can block is opened and read there, never on the caller's thread or the context's scheduler); {@link #close()} stops delivery and releases the device. A driver never
 * keeps raw personal data beyond the call that delivers it.
 */
public interface SensorDriver extends AutoCloseable {
    /** What the driver delivers: value names, units, and how they aggregate. */
    SensorDescriptor descriptor();

    /**
     * The clock of a recording this driver replays faster than real time, when it does: the stream's windows then
     * follow the recording's time instead of the node's. Default: none.
     */
    default java.util.Optional<RecordingClock> recordingClock() {
        return java.util.Optional.empty();
    }

    /** Starts delivering into {@code sink}. Called once; returns at once (the device is opened on the driver's own thread). */
    void start(SampleSink sink);

    /** Stops delivery and releases the device. Idempotent; never throws. */
    @Override
    void close();
}
