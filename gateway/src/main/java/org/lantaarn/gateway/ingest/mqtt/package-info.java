/**
 * The MQTT 5 session of the gateway (the only package that imports Paho): persistent subscription to the nodes'
 * topics, store-before-PUBACK delivery into ingest, reconnection with backoff, and publishing for receipts and twin.
 */
package org.lantaarn.gateway.ingest.mqtt;
