/**
 * The {@code lantaarn-node} command: loads a configuration and runs the node runtime until it is told to
 * stop. The only place in the node runtime that writes to standard output.
 */
package org.lantaarn.node.cli;
