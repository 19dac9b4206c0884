/**
 * Transparency: what a node measures, why, on what legal ground and how it protects privacy, written from its
 * configuration alone — a plain-language statement in English and Dutch, and a record for the national sensor
 * register. Comes after the configuration; nothing here reads a sensor.
 */
package org.lantaarn.node.transparency;
