/**
 * Benchmarks that compare Lantaarn with the raw limit of its own tools, measured in the same run: JMH hot paths in
 * {@code jmh}, end-to-end harnesses against a real Mosquitto in {@code e2e}. Run through {@code bench/*.sh}, never
 * during {@code ./mvnw verify}; see {@code docs/performance.md}.
 */
package org.lantaarn.bench;
