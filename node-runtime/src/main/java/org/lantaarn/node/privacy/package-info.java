/**
 * The privacy guard and the disclosure gate: the guard protects each window's person values by the disclosure their
 * driver declared (k suppression by group, the probe clip's budget, exact discrete Laplace noise) and drops undeclared
 * values; the one gate every outgoing message passes (observations and gaps before the outbox, birth, health and acks
 * before the uplink); the keyed tokens that replace device addresses. Comes after the aggregate step and before the
 * outbox and the uplink.
 */
package org.lantaarn.node.privacy;
