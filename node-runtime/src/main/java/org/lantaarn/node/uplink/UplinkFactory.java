package org.lantaarn.node.uplink;

/** Makes the uplink of a runtime; the default is {@code MqttUplink::new}. */
@FunctionalInterface
public interface UplinkFactory {
    Uplink create(UplinkContext context);
}
