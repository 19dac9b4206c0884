package org.lantaarn.node.sensor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.lantaarn.node.uplink.Backoff;

/** Builds a {@link DeviceReader} ({@link DeviceReader#builder}). Defaults: open timeout 10 s, no read timeout, reopen at the end, backoff 1 s to 60 s. */
public final class DeviceReaderBuilder {
    final String name;
    final String describe;
    final DeviceReader.Opener opener;
    final SampleSink sink;
    final DriverContext context;
    Path path;
    Duration openTimeout = DeviceReader.DEFAULT_OPEN_TIMEOUT;
    Duration readTimeout;
    DeviceReader.AtEnd atEnd = DeviceReader.AtEnd.REOPEN;
    Duration backoffInitial = Backoff.DEFAULT_INITIAL;
    Duration backoffMax = Backoff.DEFAULT_MAX;

    DeviceReaderBuilder(String name, String describe, DeviceReader.Opener opener, SampleSink sink, DriverContext context) {
        this.name = Objects.requireNonNull(name, "name");
        this.describe = Objects.requireNonNull(describe, "describe");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The device file, so that an open hanging on a named pipe can be released; default none. */
    public DeviceReaderBuilder path(Path path) {
        this.path = path;
        return this;
    }

    public DeviceReaderBuilder openTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("open timeout must be positive: " + timeout);
        }
        this.openTimeout = timeout;
        return this;
    }

    /** No data for this long is reported and the device is opened again; null (the default): no read timeout. */
    public DeviceReaderBuilder readTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("read timeout must be positive: " + timeout);
        }
        this.readTimeout = timeout;
        return this;
    }

    public DeviceReaderBuilder atEnd(DeviceReader.AtEnd atEnd) {
        this.atEnd = Objects.requireNonNull(atEnd, "atEnd");
        return this;
    }

    public DeviceReaderBuilder backoff(Duration initial, Duration max) {
        this.backoffInitial = initial;
        this.backoffMax = max;
        return this;
    }

    public DeviceReader build() {
        return new DeviceReader(this);
    }
}
