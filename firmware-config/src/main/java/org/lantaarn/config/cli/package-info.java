/**
 * The {@code lantaarn-config} command line: validates configuration documents through
 * {@link org.lantaarn.config.ConfigLoader} and prints what it found. The only place in the module that
 * writes to standard output.
 */
package org.lantaarn.config.cli;
