package org.lantaarn.node.sensor.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.function.Consumer;

/** {@link EdgeInput} over a Pi4J digital input (gpiod on the Pi, the mock provider in tests): the only GPIO class that touches Pi4J. */
final class Pi4jEdgeInput implements EdgeInput {
    private final Context context;
    private final DigitalInput input;
    private DigitalStateChangeListener listener;

    private Pi4jEdgeInput(Context context, DigitalInput input) {
        this.context = context;
        this.input = input;
    }

    /** The IO id a pin gets in the Pi4J context: {@code lantaarn-gpio-17}. */
    static String id(int pin) {
        return "lantaarn-gpio-" + pin;
    }

    /** Opens BCM pin {@code pin} with the given pull resistor and the context's default digital input provider. */
    static Pi4jEdgeInput open(Context context, int pin, PullResistance pull) {
        DigitalInput in = context.create(DigitalInput.newConfigBuilder(context).id(id(pin)).address(pin).pull(pull).build());
        return new Pi4jEdgeInput(context, in);
    }

    @Override
    public boolean high() {
        return input.state().isHigh();
    }

    @Override
    public synchronized void onChange(Consumer<Boolean> l) {
        listener = e -> l.accept(e.state().isHigh());
        input.addListener(listener);
    }

    @Override
    public synchronized void close() {
        try {
            if (listener != null) {
                input.removeListener(listener);
            }
            context.shutdown(input.id());
        } catch (RuntimeException e) {
            // a pin that is already gone needs no release
        }
    }
}
