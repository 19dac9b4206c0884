package org.lantaarn.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.Violation;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.transparency.PrivacyStatement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code privacy-statement}: what the node measures and how it protects privacy, from its configuration alone. */
@Command(name = "privacy-statement", mixinStandardHelpOptions = true,
        description = "Prints the node's privacy statement (English and Dutch) or its sensor-register record, from the configuration alone.")
final class PrivacyStatementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node configuration (lantaarn.config/1).")
    Path config;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (plain language, English then Dutch) or register (JSON for the sensor register). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--language", defaultValue = "both", paramLabel = "LANG", description = "en, nl or both (text format). Default: ${DEFAULT-VALUE}.")
    String language;

    @Option(names = "--legal-entity", defaultValue = "not stated: pass --legal-entity", paramLabel = "NAME",
            description = "The organisation responsible (controller), for the register record.")
    String legalEntity;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("register")) {
            err.println("lantaarn-node: --format must be text or register");
            err.flush();
            return NodeCli.USAGE;
        }
        if (!language.equals("en") && !language.equals("nl") && !language.equals("both")) {
            err.println("lantaarn-node: --language must be en, nl or both");
            err.flush();
            return NodeCli.USAGE;
        }
        ConfigResult result = ConfigLoader.load(config);
        if (result instanceof ConfigResult.Invalid(var violations)) {
            err.println("lantaarn-node: " + config + " is not a valid configuration:");
            for (Violation v : violations) {
                err.println("  " + v);
            }
            err.flush();
            return NodeCli.INVALID_CONFIG;
        }
        var nodeConfig = ((ConfigResult.Valid) result).config();
        if (format.equals("register")) {
            out.println(PrivacyStatement.register(nodeConfig, legalEntity, NodeRuntime.VERSION));
        } else {
            boolean first = true;
            for (PrivacyStatement.Language l : PrivacyStatement.languages()) {
                if (language.equals("both") || language.equalsIgnoreCase(l.name())) {
                    if (!first) {
                        out.println();
                    }
                    out.print(PrivacyStatement.text(nodeConfig, l));
                    first = false;
                }
            }
        }
        out.flush();
        return 0;
    }
}
