/**
 * The privacy guard: the single place where aggregates are protected before they are stored (discrete Laplace noise
 * and k-suppression of counts; the keyed tokens that replace device addresses). Comes after the aggregate step and before the outbox.
 */
package org.lantaarn.node.privacy;
