/**
 * A virtual city: streets with lampposts at real coordinates, and the node configurations that the
 * simulator runs on them. Comes before the simulation, which starts a real node runtime per lamppost.
 */
package org.lantaarn.sim.city;
