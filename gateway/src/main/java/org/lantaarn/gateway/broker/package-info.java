/**
 * The embedded MQTT 5 broker (HiveMQ Community Edition) for single-machine setups and the demo, with its folders
 * under the gateway's data directory and its anonymous usage statistics switched off.
 */
package org.lantaarn.gateway.broker;
