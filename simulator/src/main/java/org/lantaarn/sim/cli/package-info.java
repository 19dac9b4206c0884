/** The {@code lantaarn-sim} command line: run simulated nodes against a broker, or the one-command demo. */
package org.lantaarn.sim.cli;
