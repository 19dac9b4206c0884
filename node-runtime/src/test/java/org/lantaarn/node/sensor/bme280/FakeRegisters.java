package org.lantaarn.node.sensor.bme280;

import java.io.IOException;

/** 256 registers in memory; a burst read reads consecutive registers, as the chip's auto-increment does. */
final class FakeRegisters implements RegisterDevice {
    final byte[] regs = new byte[256];
    boolean failing;
    boolean closed;

    FakeRegisters load(int register, byte... bytes) {
        System.arraycopy(bytes, 0, regs, register, bytes.length);
        return this;
    }

    @Override
    public int read(int register) throws IOException {
        if (failing) {
            throw new IOException("remote I/O error");
        }
        return regs[register] & 0xFF;
    }

    @Override
    public void read(int register, byte[] into) throws IOException {
        if (failing) {
            throw new IOException("remote I/O error");
        }
        System.arraycopy(regs, register, into, 0, into.length);
    }

    @Override
    public void write(int register, int value) throws IOException {
        if (failing) {
            throw new IOException("remote I/O error");
        }
        if (register != Bme280.REG_CTRL_MEAS) { // writing ctrl_meas starts a measurement; keep the loaded data
            regs[register] = (byte) value;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
