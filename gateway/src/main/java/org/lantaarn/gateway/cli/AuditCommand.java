package org.lantaarn.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.audit.AuditKey;
import org.lantaarn.gateway.audit.AuditLog;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantaarn-gateway audit verify}: checks the audit log's keyed chain against its anchor. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (verify)");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks every entry's MAC under the audit key and its chain to the entry before, then that the log "
                    + "reaches its anchor: the entry count and last MAC kept in the gateway's store (or given with "
                    + "--anchor-entries/--anchor-head, e.g. from the retained message on <prefix>/twin/_gateway/audit)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the chain is unbroken and reaches its anchor",
                "1:an entry was changed, removed or reordered, the chain was rewritten, or the log was cut short",
                "2:the log cannot be checked (no key, unreadable store)"})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE") Path config;
        @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
        @Option(names = "--file", paramLabel = "FILE", description = "the log itself (its key and store are looked for next to it)") Path file;
        @Option(names = "--key", paramLabel = "FILE", description = "the audit key (default: audit.key next to the log)") Path key;
        @Option(names = "--anchor-entries", paramLabel = "N", description = "compare with this anchor instead of the store's") Long anchorEntries;
        @Option(names = "--anchor-head", paramLabel = "MAC", description = "the anchor's head MAC (with --anchor-entries)") String anchorHead;
        @Option(names = "--no-anchor", description = "check only the MACs and the chain (cannot see a log cut short)") boolean noAnchor;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = file != null ? file.toAbsolutePath().getParent() : TokenCommand.dataDir(config, dataDir);
            Path log = file != null ? file : dir.resolve(AuditLog.FILE_NAME);
            AuditAnchor anchor;
            byte[] k;
            try {
                k = AuditKey.load(key != null ? key : dir.resolve(AuditKey.FILE_NAME));
                anchor = anchor(dir);
            } catch (GatewayException e) {
                out.println(log + ": cannot check: " + e.getMessage());
                out.flush();
                return 2;
            }
            if (anchor == null && !noAnchor) {
                out.println(log + ": cannot check: no anchor in the store next to it; give --anchor-entries and --anchor-head "
                        + "(from the retained anchor message), or --no-anchor to check the chain alone");
                out.flush();
                return 2;
            }
            AuditLog.Verification v = AuditLog.verify(log, k, anchor);
            if (v.intact()) {
                out.println(log + ": intact, " + v.entries() + " entries, last MAC " + v.head()
                        + (anchor != null ? ", reaches its anchor (" + anchor.entries() + " entries)" : ", NOT compared with an anchor")
                        + (v.note() != null && anchor != null ? "; " + v.note() : ""));
                out.flush();
                return 0;
            }
            out.println(log + ": BROKEN at entry " + v.line() + ": " + v.problem() + " (" + v.entries() + " entries before it verify)");
            out.flush();
            return 1;
        }

        private AuditAnchor anchor(Path dir) {
            if (noAnchor) {
                return null;
            }
            if (anchorEntries != null || anchorHead != null) {
                if (anchorEntries == null || anchorHead == null) {
                    throw new GatewayException("--anchor-entries and --anchor-head go together");
                }
                return new AuditAnchor(anchorEntries, anchorHead, Instant.EPOCH);
            }
            return SqliteGatewayStore.readAuditAnchor(dir).orElse(null);
        }
    }
}
