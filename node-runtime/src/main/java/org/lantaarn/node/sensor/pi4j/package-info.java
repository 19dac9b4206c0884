/**
 * The Pi4J context the hardware drivers share. Only driver packages import Pi4J; everything before them
 * (the buses) is Pi4J's, everything after (samples into the stream) is the runtime's.
 */
package org.lantaarn.node.sensor.pi4j;
