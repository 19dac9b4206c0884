package org.lantaarn.sim.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.SensorDriverProvider;

/**
 * The simulated providers are drivers too: every provider registered on the simulator's class path (the node's real
 * drivers and the simulated ones) declares a disclosure class for each value and a suppression group for each person
 * value.
 */
class EveryDriverOnTheClassPathDeclaresItsValuesTest {
    @Test
    void every_registered_provider_real_or_simulated_declares_every_value() {
        List<SensorDriverProvider> providers = ServiceLoader.load(SensorDriverProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(providers).extracting(p -> p.sensor() + "/" + p.driver())
                .contains("climate/simulated", "particulates/simulated", "motion/simulated", "wifi-presence/pcap", "motion/pir");
        providers.forEach(Disclosures::verify);
        SensorDriverProvider motion = providers.stream().filter(p -> p.sensor().equals("motion") && p.driver().equals("simulated"))
                .findFirst().orElseThrow();
        assertThat(motion.disclosures().get("events").isPerson()).isTrue();
    }
}
