package org.lantaarn.config.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.config.signing.OperatorKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lantaarn-config keygen --out DIR [--name NAME]}: a new Ed25519 operator key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Makes an Ed25519 operator key pair: NAME.key (private, mode 0600) and NAME.pub, and prints the key id.")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the key files.")
    Path out;

    @Option(names = "--name", defaultValue = "operator", paramLabel = "NAME", description = "File name stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        KeyPair kp = OperatorKeys.generate();
        try {
            String id = OperatorKeys.write(kp, out, name);
            w.println("key id " + id + ": private key " + out.resolve(name + ".key") + " (mode 0600, keep it offline), public key "
                    + out.resolve(name + ".pub") + " (give it to nodes and the gateway)");
            w.flush();
            return 0;
        } catch (PkiException e) {
            spec.commandLine().getErr().println("lantaarn-config keygen: " + e.getMessage());
            return 1;
        }
    }
}
