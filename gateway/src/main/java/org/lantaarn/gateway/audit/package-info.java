/**
 * The audit log: who changed what through the operators' API, and every refused call, appended as JSON lines chained
 * by HMAC under a key only the gateway holds, with an anchor (entry count and last MAC) kept in the store and
 * published retained, so that an edited, removed, rewritten or cut-off log is detected
 * ({@code lantaarn-gateway audit verify}). After the HTTP handlers.
 */
package org.lantaarn.gateway.audit;
