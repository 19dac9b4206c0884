package org.lantaarn.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.protocol.JsonCodec;

/**
 * The twin round's statement keeps its cheap plan on a store that was never analysed: nodes outside, per node only
 * the rows of its lowest pending seqs. Without the join-order and index hints SQLite walked every pending row and ran
 * the per-node subquery for each (a plan that made a round of 500 take 324 ms at 20,000 queued rows).
 */
class SqlitePendingTwinPlanTest {
    @TempDir
    Path dir;

    private List<String> plan(boolean after) throws Exception {
        SqliteGatewayStore.open(dir, new JsonCodec()).close(); // creates the schema
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteGatewayStore.FILE_NAME));
             PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + SqlitePendingTwin.INSTANCE.sql(after))) {
            SqlitePendingTwin.INSTANCE.bind(p, "node-0500", 32, 500);
            List<String> steps = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
            return steps;
        }
    }

    @Test
    void a_round_walks_the_nodes_from_the_cursor_and_reads_only_each_nodes_lowest_pending_rows() throws Exception {
        for (boolean after : new boolean[] {true, false}) {
            List<String> steps = plan(after);
            assertThat(steps).as("plan %s", steps).noneMatch(s -> s.startsWith("SCAN"));
            assertThat(steps.getFirst()).as("nodes outermost, by key from the cursor").startsWith("SEARCH n USING")
                    .contains("(node" + (after ? ">" : "<") + "?)");
            assertThat(steps.get(1)).as("each row looked up by its key").startsWith("SEARCH s USING").contains("node=? AND seq=?");
            assertThat(steps).anyMatch(s -> s.startsWith("SEARCH p USING") && s.contains("INDEX sequenced_pending_twin (node=?)"));
        }
    }
}
