/**
 * The operators' HTTP API (Javalin, JSON): the fleet, stored observations, rejections and the health check. Reads
 * from the store only, so any replica answers the same.
 */
package org.lantaarn.gateway.api;
