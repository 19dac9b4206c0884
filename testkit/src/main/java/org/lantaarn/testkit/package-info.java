/**
 * Fixtures for the test suites of the other modules: a real Mosquitto broker started on a free
 * loopback port with its own configuration, and an MQTT client that collects what it receives.
 */
package org.lantaarn.testkit;
