package org.lantaarn.node.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Every driver registered for {@link ServiceLoader} declares, for every value it can publish, a disclosure class, and
 * for every person value a suppression group whose count of people is a person value of the same group. The simulator
 * runs the same check ({@link Disclosures#verify}) over every provider on its class path, its own included.
 */
class EveryRegisteredDriverDeclaresItsValuesTest {
    @Test
    void every_registered_provider_declares_a_class_for_each_value_and_a_group_for_each_person_value() {
        List<SensorDriverProvider> providers = ServiceLoader.load(SensorDriverProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(providers).extracting(p -> p.sensor() + "/" + p.driver())
                .contains("climate/bme280", "particulates/sds011", "particulates/pms5003", "motion/pir", "rain/tipping-bucket",
                        "sound-level/microphone", "wifi-presence/pcap");
        providers.forEach(Disclosures::verify);
    }

    @Test
    void the_person_drivers_declare_their_groups() {
        Map<String, Disclosure> wifi = provider("wifi-presence").disclosures();
        assertThat(wifi.values()).allSatisfy(d -> assertThat(d.group().name()).isEqualTo("devices"));
        assertThat(wifi.get("probes").sensitivity()).isEqualTo(10);
        Map<String, Disclosure> motion = provider("motion").disclosures();
        assertThat(motion.get("occupied").group()).isEqualTo(motion.get("events").group());
        assertThat(motion.get("events").group().distinctPeople()).isEqualTo("events");
    }

    @Test
    void a_person_value_without_a_group_or_a_group_without_its_count_of_people_is_refused() {
        assertThatThrownBy(() -> new Disclosure(Disclosure.Kind.PERSON, null, 1)).hasMessageContaining("suppression group");
        SuppressionGroup g = new SuppressionGroup("passers", "events");
        assertThatThrownBy(() -> Disclosures.check(Map.of("occupied", Disclosure.personFraction(g))))
                .hasMessageContaining("counts its people with 'events'");
        assertThatThrownBy(() -> Disclosures.check(java.util.Collections.singletonMap("x", null)))
                .hasMessageContaining("no disclosure class");
    }

    private static SensorDriverProvider provider(String sensor) {
        return ServiceLoader.load(SensorDriverProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.sensor().equals(sensor)).findFirst().orElseThrow();
    }
}
