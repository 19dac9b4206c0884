/**
 * The {@code wifi-presence} driver: reads a pcap or pcapng stream of radiotap/802.11 frames (a file, a named pipe or
 * standard input fed by {@code tcpdump -w -}), keeps of each probe request only its source address, the
 * address's locally-administered bit, the signal strength and the time, turns the address at once into a
 * keyed token ({@link org.lantaarn.node.privacy.KeyedTokens}) and hands only the token to the window.
 */
package org.lantaarn.node.sensor.wifi;
