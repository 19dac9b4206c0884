package org.lantaarn.node.sensor.wifi;

import java.io.ByteArrayOutputStream;

/** Byte vectors written as hex in the tests, with {@code |} and spaces to show the fields, and {@code #} comments to the end of a line. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            String s = line.replaceAll("#.*", "").replaceAll("[\\s|]", "");
            if (s.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in: " + line);
            }
            for (int i = 0; i < s.length(); i += 2) {
                out.write(Integer.parseInt(s.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }
}
