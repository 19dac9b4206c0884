package org.lantaarn.node.sensor.particulates;

/** One particulate reading, mass concentrations in µg/m³. */
public record PmReading(double pm2_5, double pm10) {}
