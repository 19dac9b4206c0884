/** JMH hot paths, each next to the raw baseline it is compared with; {@link org.lantaarn.bench.jmh.JmhSuite} runs them and writes the ratios. */
package org.lantaarn.bench.jmh;
