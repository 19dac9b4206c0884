package org.lantaarn.gateway.auth;

/** The holder of a token: its name (who, for the audit log) and role. */
public record Principal(String name, Role role) {}
