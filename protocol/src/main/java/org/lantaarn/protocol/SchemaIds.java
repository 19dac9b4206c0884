package org.lantaarn.protocol;

import java.util.Set;

/** The {@code schema} values of wire contract version 1. */
public final class SchemaIds {
    public static final String STATUS = "lantaarn.status/1";
    public static final String OBS = "lantaarn.obs/1";
    public static final String GAP = "lantaarn.gap/1";
    public static final String HEALTH = "lantaarn.health/1";
    public static final String CONFIG_ACK = "lantaarn.config-ack/1";
    public static final String RECEIPT = "lantaarn.receipt/1";
    public static final String SIGNED_CONFIG = "lantaarn.signed-config/1";

    /** Every schema this version of the codec reads and writes. */
    public static final Set<String> ALL = Set.of(STATUS, OBS, GAP, HEALTH, CONFIG_ACK, RECEIPT, SIGNED_CONFIG);

    private SchemaIds() {}
}
