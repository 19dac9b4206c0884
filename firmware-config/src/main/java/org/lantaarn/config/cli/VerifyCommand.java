package org.lantaarn.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.config.signing.ConfigSignatures;
import org.lantaarn.config.signing.TrustedKeys;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SignedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lantaarn-config verify --trust KEYS SIGNED}: checks a signed configuration as a node would (without the dry run). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks a lantaarn.signed-config/1 file against trusted operator keys: signature, key, size and validity.",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:it verifies", "1:it is refused (the reason is printed)", "2:usage error"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--trust", required = true, paramLabel = "FILE|DIR", description = "An operator public key, or a directory of *.pub files.")
    Path trust;

    @Parameters(index = "0", paramLabel = "SIGNED", description = "The signed configuration (JSON).")
    Path signedFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            TrustedKeys keys = TrustedKeys.load(trust);
            Decoded d = new JsonCodec().decodeSignedConfig(Files.readAllBytes(signedFile));
            if (d instanceof Decoded.Rejected(var r)) {
                out.println(signedFile + ": refused: " + r);
                out.flush();
                return 1;
            }
            SignedConfig signed = (SignedConfig) ((Decoded.Accepted) d).message();
            switch (ConfigSignatures.verify(signed, keys)) {
                case ConfigSignatures.Verified v -> {
                    out.println(signedFile + ": verified: node " + v.config().node() + ", version " + v.config().version()
                            + ", key " + v.keyId() + ", sha256 " + v.sha256());
                    out.flush();
                    return 0;
                }
                case ConfigSignatures.Refused r -> {
                    out.println(signedFile + ": refused: " + r.refusal().code() + ": " + r.detail());
                    out.flush();
                    return 1;
                }
            }
        } catch (IOException e) {
            out.println(signedFile + ": cannot read: " + e.getMessage());
        } catch (PkiException e) {
            out.println("lantaarn-config verify: " + e.getMessage());
        }
        out.flush();
        return 1;
    }
}
