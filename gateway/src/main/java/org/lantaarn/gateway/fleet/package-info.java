/**
 * What the gateway knows about each node: online/offline, last seen, site, location, configuration, streams, last
 * health and sequence counters. Fed by status births and deaths from ingest; read by the twin feed and the API.
 */
package org.lantaarn.gateway.fleet;
