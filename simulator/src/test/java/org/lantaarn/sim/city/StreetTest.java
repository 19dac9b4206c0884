package org.lantaarn.sim.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.protocol.Location;
import org.junit.jupiter.api.Test;

class StreetTest {
    @Test
    void places_the_first_and_last_lamppost_at_the_ends_of_the_street() {
        Street street = Street.hinthamerstraat();
        List<Location> posts = street.lampposts(20);

        assertThat(posts).hasSize(20);
        assertThat(posts.getFirst().lat()).isCloseTo(51.68881, within(1e-6));
        assertThat(posts.getFirst().lon()).isCloseTo(5.30455, within(1e-6));
        assertThat(posts.getLast().lat()).isCloseTo(51.68886, within(1e-6));
        assertThat(posts.getLast().lon()).isCloseTo(5.31640, within(1e-6));
    }

    @Test
    void lampposts_advance_eastwards_at_about_equal_spacing() {
        List<Location> posts = Street.hinthamerstraat().lampposts(20);
        for (int i = 1; i < posts.size(); i++) {
            assertThat(posts.get(i).lon()).isGreaterThan(posts.get(i - 1).lon());
        }
        // about 820 m of street over 19 gaps: roughly 43 m between lampposts
        double gapDegrees = posts.get(1).lon() - posts.get(0).lon();
        double metres = Math.toRadians(gapDegrees) * Math.cos(Math.toRadians(51.6888)) * 6_371_000;
        assertThat(metres).isBetween(35.0, 50.0);
    }

    @Test
    void virtual_city_gives_every_node_a_unique_topic_safe_id_on_one_site() {
        List<NodeConfig> nodes = VirtualCity.nodes(Street.hinthamerstraat(), 120, "tcp://127.0.0.1:1883", Duration.ofSeconds(5));

        assertThat(new HashSet<>(nodes.stream().map(NodeConfig::node).toList())).hasSize(120);
        assertThat(nodes.getFirst().node()).isEqualTo("hinthamerstraat-001");
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.site()).isEqualTo("den-bosch-centrum");
            assertThat(n.window()).isEqualTo(Duration.ofSeconds(5));
            assertThat(n.streams()).extracting(s -> s.id()).containsExactly("air", "dust", "passers");
        });
    }
}
