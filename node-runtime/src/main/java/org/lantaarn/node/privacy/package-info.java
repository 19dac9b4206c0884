/**
 * The privacy guard: the single place where aggregates are protected before they are stored (k-suppression
 * of small counts now; noise and keyed hashing later). Comes after the aggregate step and before the outbox.
 */
package org.lantaarn.node.privacy;
