package org.lantaarn.config.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.Violation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code lantaarn-config} command. {@code validate FILE} exits 0 for a valid document, 1 with every
 * violation on its own line for an invalid one, and 2 for a usage error.
 */
@Command(name = "lantaarn-config", mixinStandardHelpOptions = true, versionProvider = ReleaseVersion.class,
        description = "Validates, signs, verifies and pushes Lantaarn node configurations; runs a small certificate authority.",
        subcommands = {ConfigCli.Validate.class, KeygenCommand.class, SignCommand.class, VerifyCommand.class,
            PushCommand.class, CaCommand.class})
public final class ConfigCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with this command and its subcommands, for tests and other entry points. */
    public static CommandLine commandLine() {
        return new CommandLine(new ConfigCli());
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (validate, keygen, sign, verify, push, ca)");
    }

    /** {@code lantaarn-config validate FILE}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a configuration document and prints every violation with its path.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the document is valid", "1:the document has violations or cannot be read", "2:usage error"})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The document, YAML or JSON.")
        String file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ConfigResult result;
            try {
                result = ConfigLoader.load(Path.of(file));
            } catch (InvalidPathException e) {
                out.println(file + ": $: not a valid file name: " + e.getReason());
                out.flush();
                return 1;
            }
            switch (result) {
                case ConfigResult.Valid v -> out.println(file + ": valid (node " + v.config().node() + ", version "
                        + v.config().version() + ", sha256 " + v.sha256() + ")");
                case ConfigResult.Invalid i -> {
                    for (Violation violation : i.violations()) {
                        out.println(file + ": " + violation.path() + ": " + violation.message());
                    }
                }
            }
            out.flush();
            return result instanceof ConfigResult.Valid ? 0 : 1;
        }
    }
}
