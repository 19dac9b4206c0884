package org.lantaarn.gateway.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lantaarn.gateway.audit.AuditLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantaarn-gateway audit verify}: checks the audit log's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (verify)");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks that every entry chains to the one before.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:the chain is unbroken", "1:an entry was changed, removed or reordered"})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE") Path config;
        @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
        @Option(names = "--file", paramLabel = "FILE", description = "the log itself (instead of --config or --data-dir)") Path file;

        @Override
        public Integer call() {
            Path f = file != null ? file : TokenCommand.dataDir(config, dataDir).resolve(AuditLog.FILE_NAME);
            AuditLog.Verification v = AuditLog.verify(f);
            if (v.intact()) {
                spec.commandLine().getOut().println(f + ": intact, " + v.entries() + " entries, last hash " + v.lastHash());
                spec.commandLine().getOut().flush();
                return 0;
            }
            spec.commandLine().getOut().println(f + ": BROKEN at entry " + v.line() + ": " + v.problem() + " (" + v.entries() + " entries before it verify)");
            spec.commandLine().getOut().flush();
            return 1;
        }
    }
}
