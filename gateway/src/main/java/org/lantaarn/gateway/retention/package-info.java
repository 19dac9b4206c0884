/**
 * Bounded tables: prunes health history, rejections and (when a retention is set) observations the twin already has,
 * by age and count, as the gateway configuration's {@code store:} limits say. Runs beside ingest, after the store.
 */
package org.lantaarn.gateway.retention;
