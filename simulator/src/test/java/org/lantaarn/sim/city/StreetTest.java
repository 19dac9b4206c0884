package org.lantaarn.sim.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
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
    void virtual_city_writes_valid_documents_with_unique_topic_safe_ids_on_one_site() {
        Map<String, String> docs = VirtualCity.documents(Street.hinthamerstraat(), 120, "tcp://127.0.0.1:1883", Duration.ofSeconds(5));

        assertThat(docs).hasSize(120).containsKey("hinthamerstraat-001").containsKey("hinthamerstraat-120");
        docs.forEach((id, doc) -> {
            ConfigResult r = ConfigLoader.parse(doc.getBytes(StandardCharsets.UTF_8));
            assertThat(r).as(doc).isInstanceOf(ConfigResult.Valid.class);
            NodeConfig n = ((ConfigResult.Valid) r).config();
            assertThat(n.node()).isEqualTo(id);
            assertThat(n.site()).isEqualTo("den-bosch-centrum");
            assertThat(n.window()).isEqualTo(Duration.ofSeconds(5));
            assertThat(n.streams()).extracting(s -> s.id()).containsExactly("air", "dust", "passers");
        });
    }
}
