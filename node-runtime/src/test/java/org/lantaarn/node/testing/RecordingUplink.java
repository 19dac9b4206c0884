package org.lantaarn.node.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.node.uplink.UplinkContext;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Status;

/** An uplink without a network for runtime tests: records what the runtime hands it. */
public final class RecordingUplink implements Uplink {
    public final UplinkContext context;
    public final List<Health> health = new CopyOnWriteArrayList<>();
    public final AtomicInteger outboxChanges = new AtomicInteger();
    public volatile boolean connected = true;
    public volatile boolean started;
    public volatile boolean closed;

    public RecordingUplink(UplinkContext context) {
        this.context = context;
    }

    /** The birth the runtime would announce now. */
    public Status birth() {
        return context.birth().get();
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void outboxChanged() {
        outboxChanges.incrementAndGet();
    }

    @Override
    public boolean publishHealth(Health h) {
        if (!connected) {
            return false;
        }
        health.add(h);
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
