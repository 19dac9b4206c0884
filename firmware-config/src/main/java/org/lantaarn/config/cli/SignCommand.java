package org.lantaarn.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.OperatorKeys;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lantaarn-config sign --key NAME.key CONFIG --out SIGNED}: signs the exact bytes of a valid document. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Signs a valid configuration document (at most 64 KiB) into a lantaarn.signed-config/1 file.")
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Operator private key (NAME.key, mode 0600).")
    Path key;

    @Option(names = "--pub", paramLabel = "FILE", description = "Its public key; default: NAME.pub next to the private key.")
    Path pub;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the signed configuration (JSON).")
    Path out;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The configuration document (YAML or JSON).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            byte[] doc = Files.readAllBytes(config);
            PrivateKey privateKey = OperatorKeys.readPrivate(key);
            Path pubFile = pub != null ? pub : key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
            PublicKey publicKey = OperatorKeys.readPublic(pubFile);
            SignedConfig signed = ConfigSignatures.sign(doc, privateKey, publicKey);
            Files.write(out, new JsonCodec().encode(signed));
            spec.commandLine().getOut().println("signed " + config + ": node " + signed.node() + ", version " + signed.version()
                    + ", key " + signed.keyId() + ", sha256 " + ConfigSignatures.sha256(doc) + " -> " + out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            err.println("lantaarn-config sign: cannot read or write: " + e.getMessage());
        } catch (PkiException | IllegalArgumentException e) {
            err.println("lantaarn-config sign: " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
