/**
 * Identities: PEM files, private key files that only their owner can read, a small file-based certificate
 * authority for municipalities without their own PKI, certificate signing requests, and the mutual-TLS socket
 * factories the node's uplink and the gateway's session connect with. Comes before the uplink; the signing
 * package next to it protects configurations, this one connections.
 */
package org.lantaarn.config.pki;
