/**
 * End-to-end receipts back to the nodes: after a sequenced message is stored, the contiguous seq of its node is
 * published retained, coalesced to at most one receipt per node per 200 ms.
 */
package org.lantaarn.gateway.receipt;
