package org.lantaarn.node.sensor;

/**
 * An open sensor. {@link #start(SampleSink)} begins delivering samples on threads the driver owns or
 * on the context's scheduler; {@link #close()} stops delivery and releases the device. A driver never
 * keeps raw personal data beyond the call that delivers it.
 */
public interface SensorDriver extends AutoCloseable {
    /** What the driver delivers: value names, units, and how they aggregate. */
    SensorDescriptor descriptor();

    /** Starts delivering into {@code sink}. Called once. */
    void start(SampleSink sink);

    /** Stops delivery and releases the device. Idempotent; never throws. */
    @Override
    void close();
}
