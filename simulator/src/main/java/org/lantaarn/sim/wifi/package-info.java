/**
 * A virtual Wi-Fi crowd: people with phones that send probe requests, written as pcap bytes (radiotap and
 * 802.11, as {@code tcpdump -w -} writes them) so that the node's real parser, signal filter and keyed
 * tokens process them. Comes before the {@code wifi-presence} driver; nothing here is a pre-made count.
 */
package org.lantaarn.sim.wifi;
