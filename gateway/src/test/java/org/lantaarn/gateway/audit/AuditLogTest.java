package org.lantaarn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.cli.GatewayCli;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import picocli.CommandLine;

/** Issue 11: removing the last lines, or rewriting the whole chain, must not verify. */
class AuditLogTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private SqliteGatewayStore store;
    private Path log;

    @BeforeEach
    void open() {
        store = SqliteGatewayStore.open(dir, new JsonCodec());
        log = dir.resolve(AuditLog.FILE_NAME);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A log of {@code n} entries whose anchor goes to the store, as the gateway wires it. */
    private AuditLog logWith(int n) {
        AuditLog audit = new AuditLog(dir, store.auditAnchor().orElse(null), store::storeAuditAnchor);
        for (int i = 1; i <= n; i++) {
            audit.append(T.plusSeconds(i), "alice", "config.push", "lp-" + i, "version " + i);
        }
        return audit;
    }

    private record Run(int exit, String out) {}

    private Run verifyCommand(String... extra) {
        StringWriter out = new StringWriter();
        CommandLine cli = GatewayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--data-dir", dir.toString()));
        args.addAll(List.of(extra));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    @Test
    void the_tail_is_the_newest_entries_oldest_first_with_their_place_in_the_chain() {
        AuditLog audit = logWith(5);
        List<AuditLog.Entry> tail = audit.tail(3);
        assertThat(tail).extracting(AuditLog.Entry::seq).containsExactly(3L, 4L, 5L);
        assertThat(tail).extracting(AuditLog.Entry::target).containsExactly("lp-3", "lp-4", "lp-5");
        assertThat(tail.get(1).prev()).isEqualTo(tail.get(0).mac());
        assertThat(tail.get(2).mac()).isEqualTo(audit.anchor(T).head());
        assertThat(audit.tail(100)).hasSize(5);
    }

    @Test
    void a_line_that_is_not_an_entry_is_shown_in_the_tail_as_unreadable_not_hidden() throws Exception {
        AuditLog audit = logWith(1);
        Files.writeString(log, "not json\n", java.nio.file.StandardOpenOption.APPEND); // written behind the log's back
        List<AuditLog.Entry> tail = audit.tail(10);
        assertThat(tail).hasSize(2);
        assertThat(tail.get(1).seq()).isZero();
    }

    @Test
    void an_intact_log_verifies_against_the_anchor_in_the_store() {
        logWith(3);

        assertThat(store.auditAnchor()).hasValueSatisfying(a -> assertThat(a.entries()).isEqualTo(3));
        Run r = verifyCommand();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("intact, 3 entries").contains("reaches its anchor");
    }

    @Test
    void removing_the_last_lines_fails_verify_because_the_log_no_longer_reaches_its_anchor() throws Exception {
        logWith(5);
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, 3));

        assertThat(AuditLog.verify(log).intact()).as("the chain alone cannot see it").isTrue();
        AuditLog.Verification v = AuditLog.verify(log, AuditKey.load(dir.resolve(AuditKey.FILE_NAME)), store.auditAnchor().orElseThrow());
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("removed from the end").contains("says 5");
        Run r = verifyCommand();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at entry 4");
    }

    @Test
    void an_empty_or_deleted_log_fails_verify_against_its_anchor() throws Exception {
        logWith(2);
        Files.delete(log);

        assertThat(verifyCommand().exit()).isEqualTo(1);
    }

    @Test
    void a_chain_rewritten_without_the_key_fails_verify_even_with_the_anchors_entry_count() throws Exception {
        logWith(4);
        // The attacker rewrites every entry (mallory instead of alice) and recomputes a consistent chain, but has no key.
        byte[] guessedKey = new byte[32];
        List<String> rewritten = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (String line : Files.readAllLines(log)) {
            ObjectNode o = (ObjectNode) JSON.readTree(line);
            o.remove("mac");
            o.put("actor", "mallory");
            o.put("prev", prev);
            prev = AuditLog.mac(guessedKey, o.toString());
            o.put("mac", prev);
            rewritten.add(o.toString());
        }
        Files.write(log, rewritten);

        AuditLog.Verification v = AuditLog.verify(log);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(1);
        assertThat(v.problem()).contains("MAC");
        assertThat(verifyCommand().exit()).isEqualTo(1);
        assertThat(verifyCommand("--anchor-entries", "4", "--anchor-head", prev).exit())
                .as("even against an anchor the attacker forged to match").isEqualTo(1);
    }

    @Test
    void the_gateway_refuses_to_append_to_a_log_cut_short() throws Exception {
        logWith(3);
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, 2));

        assertThatThrownBy(() -> new AuditLog(dir, store.auditAnchor().orElseThrow(), a -> {}))
                .isInstanceOf(GatewayException.class).hasMessageContaining("removed from the end");
    }

    @Test
    void the_key_is_created_readable_by_its_owner_only_and_a_wider_key_is_refused() throws Exception {
        logWith(1);
        Path key = dir.resolve(AuditKey.FILE_NAME);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> AuditKey.load(key)).isInstanceOf(GatewayException.class).hasMessageContaining("chmod 600");
        assertThat(verifyCommand().exit()).isEqualTo(2);
    }

    @Test
    void a_log_from_the_version_without_a_key_is_kept_aside_and_a_keyed_chain_starts_naming_it() throws Exception {
        Files.writeString(log, "{\"seq\":1,\"at\":\"2026-01-01T00:00:00Z\",\"actor\":\"alice\",\"action\":\"config.push\",\"target\":\"lp-1\","
                + "\"detail\":\"v1\",\"prev\":\"" + AuditLog.GENESIS + "\",\"hash\":\"" + "ab".repeat(32) + "\"}\n");

        logWith(1);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("audit-unkeyed-"));
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).contains("audit.keyed-chain-started").contains("1 entries");
        assertThat(verifyCommand().exit()).isZero();
    }
}
