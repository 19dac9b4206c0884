/**
 * Clock-aligned tumbling windows: samples, events and faults from a driver's sink are gathered per
 * window and handed to the aggregate step when the window's end passes on the injected clock.
 */
package org.lantaarn.node.window;
