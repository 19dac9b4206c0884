package org.lantaarn.config.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The drivers on the class path and the settings each declares. A configuration names a sensor kind and
 * optionally a driver; the catalog finds that driver's declaration and checks the stream's settings against
 * it. A driver that is not installed here is not checked: the gateway has no drivers at all, a node without the
 * simulator has no {@code simulated} ones, and a node reports a stream whose driver it lacks as
 * {@code sensor-absent} when it runs, as before. Immutable and thread-safe.
 */
public final class DriverCatalog {
    private static volatile DriverCatalog installed;

    private final List<DriverSettings> drivers;

    private DriverCatalog(List<DriverSettings> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    /** The drivers registered with {@link ServiceLoader} on this process's class path (found once). */
    public static DriverCatalog installed() {
        DriverCatalog c = installed;
        if (c == null) {
            List<DriverSettings> found = new ArrayList<>();
            ServiceLoader.load(DriverSettings.class, DriverCatalog.class.getClassLoader()).forEach(found::add);
            installed = c = new DriverCatalog(found);
        }
        return c;
    }

    /** A catalog of exactly these drivers. */
    public static DriverCatalog of(List<? extends DriverSettings> drivers) {
        return new DriverCatalog(new ArrayList<>(Objects.requireNonNull(drivers, "drivers")));
    }

    /** Every driver, in the order found. */
    public List<DriverSettings> drivers() {
        return drivers;
    }

    /** The driver a stream of {@code sensor} with {@code driver} (or {@code null} for the kind's default) would use. */
    public Optional<DriverSettings> find(String sensor, String driver) {
        return drivers.stream()
                .filter(d -> d.sensor().equals(sensor))
                .filter(d -> driver == null ? d.isDefaultForSensor() : d.driver().equals(driver))
                .findFirst();
    }

    /** What is wrong with one stream's driver and settings. */
    public sealed interface Problem permits BadSetting, MissingSetting {
        /** The setting the problem is about. */
        String setting();

        /** The message for people. */
        String message();
    }

    /** A setting given with an unknown key, a wrong type or a value out of range. */
    public record BadSetting(String setting, String message) implements Problem {}

    /** A required setting that the stream does not give. */
    public record MissingSetting(String setting, String message) implements Problem {}

    /**
     * Checks a stream's settings against its driver's declaration. Empty when they are acceptable, or when the
     * driver is not installed here (nothing to check against). {@code settings} maps keys to their text, in
     * document order.
     */
    public List<Problem> check(String sensor, String driver, Map<String, String> settings) {
        Optional<DriverSettings> found = find(sensor, driver);
        if (found.isEmpty()) {
            return List.of();
        }
        DriverSettings d = found.get();
        Map<String, Setting> declared = new LinkedHashMap<>();
        d.settings().forEach(s -> declared.put(s.name(), s));
        List<Problem> problems = new ArrayList<>();
        Map<String, String> good = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Setting s = declared.get(e.getKey());
            if (s == null) {
                problems.add(new BadSetting(e.getKey(), "unknown setting for " + d.sensor() + "/" + d.driver()
                        + (declared.isEmpty() ? ", which takes no settings" : "; it takes " + String.join(", ", declared.keySet()))));
                continue;
            }
            Optional<String> why = s.problem(e.getValue());
            if (why.isPresent()) {
                problems.add(new BadSetting(e.getKey(), why.get() + (s.meaning().isEmpty() ? "" : " (" + s.meaning() + ")")));
            } else {
                good.put(e.getKey(), e.getValue().strip());
            }
        }
        for (Setting s : declared.values()) {
            if (s.required() && !settings.containsKey(s.name())) {
                problems.add(new MissingSetting(s.name(), "is required by " + d.sensor() + "/" + d.driver()
                        + (s.meaning().isEmpty() ? "" : ": " + s.meaning())));
            }
        }
        d.crossCheck(good).forEach((setting, why) -> problems.add(new BadSetting(setting, why)));
        return problems;
    }
}
