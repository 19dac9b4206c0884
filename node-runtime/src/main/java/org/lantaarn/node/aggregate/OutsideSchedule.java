package org.lantaarn.node.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.lantaarn.protocol.Quality;

/** Marks the aggregate of a window that lies wholly outside its stream's schedule: nothing was read, coverage 0. */
public final class OutsideSchedule {
    /** Quality flag: the window lies outside the stream's schedule; the sensor was closed. */
    public static final String FLAG = "outside-schedule";

    private OutsideSchedule() {}

    public static WindowAggregate flag(WindowAggregate a) {
        List<String> flags = new ArrayList<>(a.quality().flags());
        flags.add(FLAG);
        return new WindowAggregate(a.stream(), a.sensor(), a.aggregation(), a.window(), a.values(), a.units(),
                new Quality(0.0, flags), a.keyEpochStart());
    }
}
