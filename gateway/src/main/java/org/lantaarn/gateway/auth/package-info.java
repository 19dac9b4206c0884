/**
 * Who may use the operators' API: bearer tokens with a role ({@code viewer} reads, {@code operator} also changes),
 * created by {@code lantaarn-gateway token create} and kept only as sha256 hashes. Before the HTTP handlers.
 */
package org.lantaarn.gateway.auth;
