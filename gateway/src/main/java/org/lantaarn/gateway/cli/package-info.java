/** The {@code lantaarn-gateway} command: runs a gateway from a YAML configuration until SIGTERM or Ctrl-C. */
package org.lantaarn.gateway.cli;
