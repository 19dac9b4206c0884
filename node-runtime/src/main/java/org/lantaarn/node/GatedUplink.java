package org.lantaarn.node;

import java.util.Objects;
import org.lantaarn.node.privacy.DisclosureGate;
import org.lantaarn.node.uplink.Uplink;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;

/**
 * The uplink as the rest of the node sees it: health reports and config acks pass the disclosure gate before the
 * transport encodes them. (Outbox rows passed the gate before they were stored; the birth passes it where it is built.)
 */
final class GatedUplink implements Uplink {
    private final Uplink transport;
    private final DisclosureGate gate;

    GatedUplink(Uplink transport, DisclosureGate gate) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** The transport behind the gate. */
    Uplink transport() {
        return transport;
    }

    @Override
    public void start() {
        transport.start();
    }

    @Override
    public boolean isConnected() {
        return transport.isConnected();
    }

    @Override
    public void outboxChanged() {
        transport.outboxChanged();
    }

    @Override
    public boolean publishHealth(Health health) {
        return transport.publishHealth(gate.release(health));
    }

    @Override
    public boolean publishConfigAck(ConfigAck ack) {
        return transport.publishConfigAck(gate.release(ack));
    }

    @Override
    public void close() {
        transport.close();
    }
}
