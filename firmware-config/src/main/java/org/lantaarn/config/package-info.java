/**
 * The node configuration document ({@code lantaarn.config/1}): its model, loading from YAML or JSON,
 * and validation that reports every violation with its path. Comes before the node runtime, which
 * runs what a valid document describes.
 */
package org.lantaarn.config;
