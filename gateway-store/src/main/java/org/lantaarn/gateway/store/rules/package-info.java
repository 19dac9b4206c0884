/**
 * The sequencing rules of every store backend, written once in Java: deduplication per {@code (node, seq)}, the seqs
 * a gap replaces (kept as ranges), narrowing a gap to what never arrived, and the contiguous seq a receipt may cover.
 * A backend implements {@link org.lantaarn.gateway.store.rules.SequencedRows} (plain row access inside its own
 * transaction) and calls {@link org.lantaarn.gateway.store.rules.Sequencing}.
 */
package org.lantaarn.gateway.store.rules;
