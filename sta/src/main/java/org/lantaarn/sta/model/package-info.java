/** The SensorThings entities built from nodes, streams and windows: ids, vocabulary, JSON. */
package org.lantaarn.sta.model;
