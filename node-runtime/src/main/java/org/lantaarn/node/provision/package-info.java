/**
 * Provisioning a node on the device: its key pair (the private key never leaves the node), a certificate signing
 * request with CN = node id for the municipality's CA, and the node's first configuration document.
 */
package org.lantaarn.node.provision;
