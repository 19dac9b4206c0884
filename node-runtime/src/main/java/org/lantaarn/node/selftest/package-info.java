/**
 * The technician's self-test: every configured sensor opened and read once against its plausible range,
 * a real connect to the broker, the clock and the outbox's disk, as a checklist with a verdict per line.
 * Uses the same driver providers and configuration as the running node; sends nothing.
 */
package org.lantaarn.node.selftest;
