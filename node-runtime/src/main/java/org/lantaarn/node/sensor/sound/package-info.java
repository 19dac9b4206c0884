/**
 * The sound-level driver: audio from a microphone (javax.sound.sampled), a WAV file (replayed in real time or fast) or a
 * named pipe a recorder writes a WAV stream into, IEC 61672
 * A-weighting, LAeq per second and Fast-weighted maxima, and the window summary (LAeq by energy averaging,
 * LAFmax, LA10, LA50, LA90). Audio samples go no further than the meter's running sums.
 */
package org.lantaarn.node.sensor.sound;
