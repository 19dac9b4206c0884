package org.lantaarn.node.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.node.provision.Ownership;
import org.lantaarn.node.provision.Provisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lantaarn-node provision}: the node's key pair, its certificate signing request and its first configuration. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Makes the node's key pair on this device (private key mode 0600, never leaves it), a certificate "
                + "signing request with CN = node id, and the first configuration.")
final class ProvisionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "ID") String node;
    @Option(names = "--site", required = true, paramLabel = "SITE") String site;
    @Option(names = "--lat", required = true) double lat;
    @Option(names = "--lon", required = true) double lon;
    @Option(names = "--broker", required = true, paramLabel = "URI", description = "ssl://host:8883") String broker;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--operator-key", paramLabel = "FILE", description = "An operator public key (.pub) to trust (repeat).")
    List<Path> operatorKeys = new ArrayList<>();
    @Option(names = "--stream", paramLabel = "ID:SENSOR[:DRIVER]",
            description = "A first stream (repeat), e.g. air:climate or air:climate:simulated; default: climate:climate.")
    List<String> streams = new ArrayList<>(List.of("climate:climate"));
    @Option(names = "--owner", paramLabel = "USER", description = "Give the private key to this user, the one the node "
            + "runs as (run as root: --out /etc/lantaarn --owner lantaarn).")
    String owner;

    @Override
    public Integer call() {
        try {
            Ownership ownership = owner == null ? null : Ownership.of(owner, out);
            Provisioner.Result r = Provisioner.provision(node, site, lat, lon, broker, out, operatorKeys, streams);
            if (ownership != null) {
                ownership.hand(r.key());
            }
            var w = spec.commandLine().getOut();
            w.println("provisioned node " + node + ":");
            w.println("  private key   " + r.key() + " (mode 0600" + (owner == null ? "" : ", owner " + owner) + "; stays on this device)");
            w.println("  request       " + r.csr() + "  -> lantaarn-config ca issue --node " + node + " --csr node.csr --out node.crt");
            w.println("  configuration " + r.config() + " (put the CA certificate next to it as ca.crt and the issued one as node.crt;"
                    + " relative file names in it resolve against its directory)");
            if (!r.operatorKeys().isEmpty()) {
                w.println("  operator keys " + r.operatorKeys());
            }
            w.flush();
            if (owner == null && "root".equals(System.getProperty("user.name"))) {
                spec.commandLine().getErr().println("lantaarn-node provision: note: the private key belongs to root, so the "
                        + "lantaarn-node service (user lantaarn) cannot read it; provision with --owner lantaarn, or: chown lantaarn "
                        + r.key());
                spec.commandLine().getErr().flush();
            }
            return 0;
        } catch (PkiException e) {
            spec.commandLine().getErr().println("lantaarn-node provision: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
