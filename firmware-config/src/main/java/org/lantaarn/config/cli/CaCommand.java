package org.lantaarn.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantaarn.config.pki.FileCa;
import org.lantaarn.config.pki.KeyFiles;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.protocol.Ids;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lantaarn-config ca init|issue}: the file-based certificate authority. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "A small file-based certificate authority.",
        subcommands = {CaCommand.Init.class, CaCommand.Issue.class})
final class CaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (init, issue)");
    }

    /** {@code ca init --dir DIR --name NAME}. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Makes a new CA: DIR/ca.key (mode 0600) and DIR/ca.crt.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory of the CA (keep it offline).")
        Path dir;

        @Option(names = "--name", defaultValue = "Lantaarn CA", description = "The CA's common name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--days", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            try {
                FileCa ca = FileCa.init(dir, name, Duration.ofDays(days), Clock.systemUTC());
                spec.commandLine().getOut().println("CA '" + name + "' made: " + dir.resolve(FileCa.KEY_FILE) + " (mode 0600), "
                        + ca.certificateFile() + " (give it to nodes, the gateway and the broker)");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (PkiException e) {
                spec.commandLine().getErr().println("lantaarn-config ca init: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }

    /** {@code ca issue --dir DIR (--node ID | --gateway NAME | --twin-consumer NAME | --server NAME [--san HOST]...) --csr FILE [--out FILE]}. */
    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issues a certificate for a signing request whose CN is the node id (or the gateway's, twin consumer's or "
                    + "server's name); the role is written into the certificate as OU, and one name has one role.")
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory of the CA.")
        Path dir;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Subject subject;

        static final class Subject {
            @Option(names = "--node", paramLabel = "ID", description = "A node: client certificate, CN = node id.")
            String node;

            @Option(names = "--gateway", paramLabel = "NAME", description = "The gateway: client certificate, NAME starts with lantaarn- (lantaarn-gateway).")
            String gateway;

            @Option(names = "--twin-consumer", paramLabel = "NAME", description = "A twin consumer: client certificate that may only read the twin feed.")
            String twinConsumer;

            @Option(names = "--server", paramLabel = "NAME", description = "The broker or the gateway's HTTPS API: server certificate.")
            String server;

            String name() {
                return node != null ? node : gateway != null ? gateway : twinConsumer != null ? twinConsumer : server;
            }

            FileCa.Role role() {
                return node != null ? FileCa.Role.NODE : gateway != null ? FileCa.Role.GATEWAY
                        : twinConsumer != null ? FileCa.Role.TWIN_CONSUMER : FileCa.Role.SERVER;
            }
        }

        @Option(names = "--san", paramLabel = "HOST", description = "Server only: a host name or IP address the broker is reached at (repeat).")
        List<String> sans = new ArrayList<>();

        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "The certificate signing request (PEM).")
        Path csr;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the certificate; default: the request's name with .crt.")
        Path out;

        @Option(names = "--days", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String name = subject.name();
            if (subject.node != null && !Ids.isValid(subject.node)) {
                err.println("lantaarn-config ca issue: not a valid node id: " + subject.node);
                err.flush();
                return 2;
            }
            try {
                FileCa ca = FileCa.open(dir, Clock.systemUTC());
                FileCa.Role role = subject.role();
                List<String> alt = role.server() ? (sans.isEmpty() ? List.of(name) : sans) : List.of();
                X509Certificate cert = ca.issue(Files.readString(csr), name, role, alt, Duration.ofDays(days));
                Path target = out != null ? out : csr.resolveSibling(csr.getFileName().toString().replaceFirst("\\.(csr|pem)$", "") + ".crt");
                KeyFiles.writePublic(target, ca.chainPem(cert));
                spec.commandLine().getOut().println("issued " + role.ou() + " certificate CN=" + name + " serial "
                        + cert.getSerialNumber().toString(16) + " valid until " + cert.getNotAfter().toInstant() + " -> " + target);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException e) {
                err.println("lantaarn-config ca issue: cannot read " + csr + ": " + e.getMessage());
            } catch (PkiException e) {
                err.println("lantaarn-config ca issue: " + e.getMessage());
            }
            err.flush();
            return 1;
        }
    }
}
