package org.lantaarn.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lantaarn.protocol.Topics.Kind;
import org.lantaarn.protocol.Topics.Ref;

class TopicsTest {
    private final Topics topics = Topics.defaults();

    @Test
    void builds_every_topic_of_the_tree_under_the_default_prefix() {
        assertThat(topics.status("lp-1")).isEqualTo("lantaarn/v1/nodes/lp-1/status");
        assertThat(topics.obs("lp-1", "air")).isEqualTo("lantaarn/v1/nodes/lp-1/obs/air");
        assertThat(topics.health("lp-1")).isEqualTo("lantaarn/v1/nodes/lp-1/health");
        assertThat(topics.config("lp-1")).isEqualTo("lantaarn/v1/nodes/lp-1/config");
        assertThat(topics.configAck("lp-1")).isEqualTo("lantaarn/v1/nodes/lp-1/config/ack");
        assertThat(topics.receipt("lp-1")).isEqualTo("lantaarn/v1/nodes/lp-1/receipt");
        assertThat(topics.twinObs("centre", "lp-1", "air")).isEqualTo("lantaarn/v1/twin/centre/lp-1/air");
        assertThat(topics.twinStatus("centre", "lp-1")).isEqualTo("lantaarn/v1/twin/centre/lp-1/status");
        assertThat(topics.allNodes()).isEqualTo("lantaarn/v1/nodes/+/#");
        assertThat(topics.allTwin()).isEqualTo("lantaarn/v1/twin/#");
    }

    @Test
    void parses_every_topic_it_builds_back_to_its_kind_and_ids() {
        assertThat(topics.parse(topics.status("lp-1"))).contains(new Ref(Kind.STATUS, "lp-1", null, null));
        assertThat(topics.parse(topics.obs("lp-1", "air"))).contains(new Ref(Kind.OBS, "lp-1", "air", null));
        assertThat(topics.parse(topics.health("lp-1"))).contains(new Ref(Kind.HEALTH, "lp-1", null, null));
        assertThat(topics.parse(topics.config("lp-1"))).contains(new Ref(Kind.CONFIG, "lp-1", null, null));
        assertThat(topics.parse(topics.configAck("lp-1"))).contains(new Ref(Kind.CONFIG_ACK, "lp-1", null, null));
        assertThat(topics.parse(topics.receipt("lp-1"))).contains(new Ref(Kind.RECEIPT, "lp-1", null, null));
        assertThat(topics.parse(topics.twinObs("centre", "lp-1", "air"))).contains(new Ref(Kind.TWIN_OBS, "lp-1", "air", "centre"));
        assertThat(topics.parse(topics.twinStatus("centre", "lp-1"))).contains(new Ref(Kind.TWIN_STATUS, "lp-1", null, "centre"));
    }

    @Test
    void round_trips_under_a_custom_multi_level_prefix() {
        Topics custom = new Topics("gemeente/den-bosch/lantaarn");

        assertThat(custom.obs("lp-1", "air")).isEqualTo("gemeente/den-bosch/lantaarn/nodes/lp-1/obs/air");
        assertThat(custom.parse(custom.obs("lp-1", "air"))).contains(new Ref(Kind.OBS, "lp-1", "air", null));
        assertThat(custom.parse(topics.obs("lp-1", "air"))).isEmpty();
    }

    @Test
    void refuses_to_parse_wildcard_filters() {
        assertThat(topics.parse(topics.allNodes())).isEmpty();
        assertThat(topics.parse(topics.allTwin())).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/+/status")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/obs/+")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/obs/#")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/twin/+/lp-1/status")).isEmpty();
    }

    @Test
    void refuses_to_parse_topics_with_invalid_ids() {
        assertThat(topics.parse("lantaarn/v1/nodes//status")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/-lp/status")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp 1/status")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/obs/" + "a".repeat(65))).isEmpty();
        assertThat(topics.parse("lantaarn/v1/twin/site!/lp-1/air")).isEmpty();
    }

    @Test
    void refuses_to_parse_unknown_suffixes_and_shapes() {
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/telemetry")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/config/nack")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/obs")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/obs/air/extra")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1/status/")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/nodes/lp-1")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/twin/centre/lp-1")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/twin/centre/lp-1/air/extra")).isEmpty();
        assertThat(topics.parse("lantaarn/v1/other/lp-1/status")).isEmpty();
        assertThat(topics.parse("lantaarn/v2/nodes/lp-1/status")).isEmpty();
        assertThat(topics.parse("/lantaarn/v1/nodes/lp-1/status")).isEmpty();
        assertThat(topics.parse("lantaarn/v1")).isEmpty();
        assertThat(topics.parse("")).isEmpty();
        assertThat(topics.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void reads_a_twin_topic_ending_in_status_as_the_twin_status_so_no_stream_may_be_named_status() {
        assertThat(topics.parse("lantaarn/v1/twin/centre/lp-1/status")).contains(new Ref(Kind.TWIN_STATUS, "lp-1", null, "centre"));
        assertThatThrownBy(() -> topics.twinObs("centre", "lp-1", "status")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved topic level");
        assertThatThrownBy(() -> topics.obs("lp-1", "Health")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be 'health'");
    }

    @Test
    void refuses_to_build_topics_from_invalid_ids() {
        assertThatThrownBy(() -> topics.status("lp/1")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("node must be");
        assertThatThrownBy(() -> topics.obs("lp-1", "+")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stream must be");
        assertThatThrownBy(() -> topics.obs("lp-1", "#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.twinObs("", "lp-1", "air")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("site must be");
        assertThatThrownBy(() -> topics.health(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_prefixes_that_would_break_the_tree() {
        for (String bad : new String[] {"", "/lantaarn", "lantaarn/", "lantaarn/+", "lantaarn/#"}) {
            assertThatThrownBy(() -> new Topics(bad)).as("prefix '%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Topics(null)).isInstanceOf(NullPointerException.class);
    }
}
