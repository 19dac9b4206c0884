package org.lantaarn.protocol;

/** A message of the wire contract. Each record names its {@code schema} and the node it concerns. */
public sealed interface Message permits Observation, Gap, Status, Health, ConfigAck, Receipt, SignedConfig {
    /** The {@code schema} field, one of {@link SchemaIds}. */
    String schema();

    /** The node the message is from or about. */
    String node();
}
