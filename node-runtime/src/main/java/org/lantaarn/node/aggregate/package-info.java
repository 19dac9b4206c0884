/**
 * Turns what a closed window gathered into per-window values: mean, min and max of numeric readings, or
 * event counts, with coverage and quality flags. Comes after the window and before the privacy guard.
 */
package org.lantaarn.node.aggregate;
