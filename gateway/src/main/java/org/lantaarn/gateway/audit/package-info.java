/**
 * The audit log: who changed what through the operators' API, appended as hash-chained JSON lines so that an
 * edited or removed entry is detected ({@code lantaarn-gateway audit verify}). After the HTTP handlers.
 */
package org.lantaarn.gateway.audit;
