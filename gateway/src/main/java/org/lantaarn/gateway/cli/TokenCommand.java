package org.lantaarn.gateway.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.auth.Role;
import org.lantaarn.gateway.auth.TokenStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lantaarn-gateway token create|list}: API tokens, stored hashed in the gateway's data directory. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Creates and lists API tokens (stored hashed).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (create, list)");
    }

    static Path dataDir(Path config, Path dataDir) {
        if (dataDir != null) {
            return dataDir;
        }
        return config != null ? GatewayConfig.load(config).dataDir() : GatewayConfig.defaults().dataDir();
    }

    /** {@code token create --role operator|viewer --name NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it once.")
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "gateway configuration (for its dataDir)") Path config;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the gateway's data directory (instead of --config)") Path dataDir;
        @Option(names = "--role", required = true, description = "operator (read and change) or viewer (read)") String role;
        @Option(names = "--name", required = true, description = "who holds it (shown in the audit log)") String name;

        @Override
        public Integer call() {
            try {
                String token = new TokenStore(dataDir(config, dataDir)).create(name, Role.fromWire(role), Instant.now());
                spec.commandLine().getOut().println(token);
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("token '" + name + "' (" + role + ") created; it is shown only now, store it safely");
                spec.commandLine().getErr().flush();
                return 0;
            } catch (GatewayException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("lantaarn-gateway token create: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }

    /** {@code token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists token names and roles (never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE") Path config;
        @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;

        @Override
        public Integer call() {
            for (TokenStore.Entry e : new TokenStore(dataDir(config, dataDir)).entries()) {
                spec.commandLine().getOut().println(e.name() + "\t" + e.role().wire() + "\t" + e.created());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
