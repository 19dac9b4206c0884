package org.lantaarn.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.TwinQueue;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Status;

/** Fleet, twin queue, health, rollout, rejections and the audit anchor, as every store keeps them. */
public abstract class FleetContract extends StoreContract {

    @Test
    void rows_of_a_node_without_a_known_site_wait_without_holding_up_others() {
        obs("a-node", 1);
        obs("b-node", 1);
        store.storeStatus(birth("b-node", "den-bosch"), T0);

        assertThat(pendingSeqs("a-node")).isEmpty();
        assertThat(pendingSeqs("b-node")).containsExactly(1L);

        store.storeStatus(birth("a-node", "den-bosch"), T0);
        assertThat(pendingSeqs("a-node")).containsExactly(1L);
        PendingTwin p = store.pendingTwin(10).getFirst();
        assertThat(p.site()).isEqualTo("den-bosch");
        assertThat(p.location()).isEqualTo(LOCATION);
        assertThat(p.runtimeVersion()).isEqualTo("0.1.0");
        assertThat(p.configVersion()).isEqualTo(3L);
    }

    @Test
    void pending_twin_rows_stop_at_a_hole_until_it_is_filled_and_marks_come_in_batches() {
        store.storeStatus(birth("n1", "s"), T0);
        obs("n1", 1);
        obs("n1", 3);
        assertThat(pendingSeqs("n1")).containsExactly(1L);

        obs("n1", 2);
        assertThat(pendingSeqs("n1")).containsExactly(1L, 2L, 3L);
        store.markTwinPublished(List.of(new TwinQueue.TwinKey("n1", 1), new TwinQueue.TwinKey("n1", 2)));
        assertThat(pendingSeqs("n1")).containsExactly(3L);
        store.markTwinPublished(List.of());
        assertThat(pendingSeqs("n1")).containsExactly(3L);
    }

    @Test
    void rows_marked_since_a_broker_lost_its_state_become_pending_again_in_seq_order() {
        store.storeStatus(birth("n1", "s"), T0);
        for (long s = 1; s <= 4; s++) {
            obs("n1", s);
        }
        store.markTwinPublished(List.of(new TwinQueue.TwinKey("n1", 1), new TwinQueue.TwinKey("n1", 2)), T0);
        store.markTwinPublished(List.of(new TwinQueue.TwinKey("n1", 3)), T0.plusSeconds(30));
        assertThat(pendingSeqs("n1")).containsExactly(4L);

        long again = store.unmarkTwinPublishedSince(T0.plusSeconds(10));

        assertThat(again).isEqualTo(1);
        assertThat(pendingSeqs("n1")).containsExactly(3L, 4L);
        assertThat(store.unmarkTwinPublishedSince(T0)).isEqualTo(2);
        assertThat(pendingSeqs("n1")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void a_birth_sets_the_fleet_view_and_a_death_keeps_site_and_location() {
        store.storeStatus(birth("n1", "den-bosch"), T0);
        NodeRecord online = store.node("n1").orElseThrow();
        assertThat(online.state()).isEqualTo("online");
        assertThat(online.site()).isEqualTo("den-bosch");
        assertThat(online.lastBirth().configVersion()).isEqualTo(3L);
        assertThat(online.lastBirth().streams()).extracting(s -> s.id()).containsExactly("climate");

        NodeRecord offline = store.storeStatus(Status.offline("n1", null, null, null), T0.plusSeconds(5));
        assertThat(offline.state()).isEqualTo("offline");
        assertThat(offline.site()).isEqualTo("den-bosch");
        assertThat(offline.location()).isEqualTo(LOCATION);
        assertThat(offline.lastSeen()).isEqualTo(T0.plusSeconds(5));
        store.storeStatus(birth("a0", "elsewhere"), T0);
        assertThat(store.nodes()).extracting(NodeRecord::node).containsExactly("a0", "n1");
    }

    @Test
    void health_is_kept_as_latest_and_in_history_newest_first() {
        store.storeHealth(health("n1", T0), T0);
        store.storeHealth(health("n1", T0.plusSeconds(60)), T0.plusSeconds(60));

        assertThat(store.node("n1").orElseThrow().lastHealth().outboxDepth()).isEqualTo(4);
        assertThat(store.healthHistory("n1", 10)).extracting(h -> h.at()).containsExactly(T0.plusSeconds(60), T0);
    }

    @Test
    void health_history_is_pruned_by_age_and_by_count_per_node_and_the_latest_stays_on_the_node() {
        for (int i = 0; i < 6; i++) {
            store.storeHealth(health("n1", T0.plusSeconds(60L * i)), T0.plusSeconds(60L * i));
            store.storeHealth(health("n2", T0.plusSeconds(60L * i)), T0.plusSeconds(60L * i));
        }

        long pruned = store.pruneHealth(T0.plusSeconds(60), 3);

        assertThat(pruned).as("one per node too old, then two per node over the count").isEqualTo(6);
        assertThat(store.healthHistory("n1", 10)).extracting(h -> h.at())
                .containsExactly(T0.plusSeconds(300), T0.plusSeconds(240), T0.plusSeconds(180));
        assertThat(store.healthHistory("n2", 10)).hasSize(3);
        assertThat(store.node("n1").orElseThrow().lastHealth().at()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void rejections_are_counted_per_reason_with_the_newest_first() {
        store.storeRejection(new RejectionRecord(T0, "t/1", "malformed-json", "not valid JSON", 5));
        store.storeRejection(new RejectionRecord(T0.plusSeconds(1), "t/2", "malformed-json", "not valid JSON", 6));
        store.storeRejection(new RejectionRecord(T0.plusSeconds(2), "t/3", "unknown-schema", "unknown schema 'x'", 7));

        RejectionSummary s = store.rejections(2);
        assertThat(s.counts()).containsEntry("malformed-json", 2L).containsEntry("unknown-schema", 1L);
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.recent()).extracting(RejectionRecord::topic).containsExactly("t/3", "t/2");
    }

    @Test
    void pruned_rejections_leave_the_list_but_stay_in_the_counts() {
        for (int i = 0; i < 10; i++) {
            store.storeRejection(new RejectionRecord(T0.plusSeconds(i), "t/" + i, "malformed-json", "x", 1));
        }

        long pruned = store.pruneRejections(T0.plusSeconds(2), 5);

        assertThat(pruned).isEqualTo(5);
        RejectionSummary s = store.rejections(100);
        assertThat(s.recent()).extracting(RejectionRecord::topic).containsExactly("t/9", "t/8", "t/7", "t/6", "t/5");
        assertThat(s.counts()).containsEntry("malformed-json", 10L);
    }

    @Test
    void the_desired_config_is_replaced_and_the_newest_ack_is_returned() {
        store.storeDesiredConfig(new DesiredConfig("n1", 3, "aa", "op-1", T0, "alice"));
        store.storeDesiredConfig(new DesiredConfig("n1", 4, "bb", "op-1", T0.plusSeconds(1), "bob"));
        store.storeConfigAck(new ConfigAck("n1", 3, "aa", ConfigAck.Result.APPLIED, null, T0), T0);
        store.storeConfigAck(new ConfigAck("n1", 4, "bb", ConfigAck.Result.REJECTED, "bad signature", T0.plusSeconds(2)),
                T0.plusSeconds(2));

        assertThat(store.desiredConfig("n1").orElseThrow().version()).isEqualTo(4);
        assertThat(store.desiredConfig("n1").orElseThrow().by()).isEqualTo("bob");
        ConfigAck last = store.lastConfigAck("n1").orElseThrow();
        assertThat(last.version()).isEqualTo(4);
        assertThat(last.reason()).isEqualTo("bad signature");
        assertThat(store.desiredConfig("n2")).isEmpty();
        assertThat(store.lastConfigAck("n2")).isEmpty();
    }

    @Test
    void the_audit_anchor_is_replaced_and_survives_a_reopen() {
        assertThat(store.auditAnchor()).isEmpty();
        store.storeAuditAnchor(new AuditAnchor(1, "a".repeat(64), T0));
        store.storeAuditAnchor(new AuditAnchor(2, "b".repeat(64), T0.plusSeconds(1)));
        store.close();

        store = reopen();
        assertThat(store.auditAnchor()).contains(new AuditAnchor(2, "b".repeat(64), T0.plusSeconds(1)));
    }

    @Test
    void is_usable_while_open_and_not_after_close() {
        assertThat(store.isUsable()).isTrue();
        store.close();
        assertThat(store.isUsable()).isFalse();
    }
}
