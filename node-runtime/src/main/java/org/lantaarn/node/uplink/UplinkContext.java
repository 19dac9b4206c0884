package org.lantaarn.node.uplink;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.protocol.Status;

/**
 * What an uplink gets from the runtime.
 *
 * @param config    the node configuration (node id, uplink settings, site, location)
 * @param outbox    where rows wait; the uplink reads them and applies receipts
 * @param birth     builds the online status announced on every connect
 * @param clock     the runtime's clock
 * @param scheduler the runtime's scheduler (shared, never blocked by the uplink)
 * @param backoff   reconnect delays
 * @param ioExecutor where a transport may run its blocking I/O tasks, or {@code null} for the transport's
 *                  own threads (Paho: three per connection plus a ping timer)
 * @param delivery  how fast the outbox drains and when unreceipted rows are sent again
 * @param configListener receives every payload on the node's retained {@code config} topic (on the transport's
 *                  thread; it must hand the work off), or {@code null} when remote configuration is off
 */
public record UplinkContext(NodeConfig config, Outbox outbox, Supplier<Status> birth, Clock clock,
                            ScheduledExecutorService scheduler, Backoff backoff,
                            ScheduledExecutorService ioExecutor, DeliveryPolicy delivery, Consumer<byte[]> configListener) {

    public UplinkContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(birth, "birth");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(backoff, "backoff");
        delivery = delivery == null ? DeliveryPolicy.defaults() : delivery;
    }

    /** A context with the default {@link DeliveryPolicy} and without remote configuration. */
    public UplinkContext(NodeConfig config, Outbox outbox, Supplier<Status> birth, Clock clock,
                         ScheduledExecutorService scheduler, Backoff backoff, ScheduledExecutorService ioExecutor) {
        this(config, outbox, birth, clock, scheduler, backoff, ioExecutor, DeliveryPolicy.defaults(), null);
    }
}
