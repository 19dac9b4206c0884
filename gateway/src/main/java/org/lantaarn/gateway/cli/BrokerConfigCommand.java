package org.lantaarn.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.gateway.broker.MosquittoConfigWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lantaarn-gateway broker-config --out DIR}: a Mosquitto configuration with mutual TLS, the certificate's CN as
 * user name and client id, per-role ACLs and the broker's limits. The committed {@code deploy/mosquitto/} is this
 * command's output for the standard paths ({@link #DEPLOY_ARGS}).
 */
@Command(name = "broker-config", mixinStandardHelpOptions = true,
        description = "Writes mosquitto.conf (TLS listener, client certificates required, CN = user name = client id, limits) "
                + "and lantaarn.acl (rights per role).")
final class BrokerConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--install-dir", paramLabel = "DIR", description = "Where the files will be on the broker host (default: --out)") Path installDir;
    @Option(names = "--ca", required = true, paramLabel = "FILE", description = "the CA certificate (ca.crt)") Path ca;
    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "the broker's certificate") Path cert;
    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the broker's private key") Path key;
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "TLS listener address (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--port", defaultValue = "8883", description = "TLS listener port (default: ${DEFAULT-VALUE})") int port;
    @Option(names = "--persistence", defaultValue = "/var/lib/mosquitto", paramLabel = "DIR") Path persistence;
    @Option(names = "--topic-prefix", defaultValue = "lantaarn/v1") String prefix;
    @Option(names = "--gateway", paramLabel = "CN", description = "CN of a gateway's certificate (repeat for replicas; default: lantaarn-gateway)")
    List<String> gateways = new ArrayList<>();
    @Option(names = "--twin-consumer", paramLabel = "CN", description = "CN of a twin consumer's certificate (repeat)") List<String> consumers = new ArrayList<>();
    @Option(names = "--loopback-plain-port", defaultValue = "0",
            description = "Opt-in: a plain listener on 127.0.0.1 for local twin readers with a password (default: none)") int loopback;
    @Option(names = "--loopback-passwords", paramLabel = "FILE",
            description = "The loopback readers' password file (mosquitto_passwd); user names like reader@local") Path loopbackPasswords;
    @Option(names = "--log-dest", defaultValue = "syslog", description = "Mosquitto's log_dest (default: ${DEFAULT-VALUE})") String logDest;

    @Override
    public Integer call() {
        try {
            MosquittoConfigWriter.Builder b = MosquittoConfigWriter.builder().listener(host, port).tls(ca, cert, key)
                    .persistence(persistence).topicPrefix(prefix).installDir(installDir).logDest(logDest);
            gateways.forEach(b::gateway);
            consumers.forEach(b::twinConsumer);
            if (loopback > 0) {
                b.loopback(loopback, loopbackPasswords);
            }
            Path conf = b.build().write(out);
            spec.commandLine().getOut().println("wrote " + conf + " and " + out.resolve(MosquittoConfigWriter.ACL)
                    + "; start with: mosquitto -c " + (installDir != null ? installDir.resolve(MosquittoConfigWriter.CONF) : conf));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (GatewayException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("lantaarn-gateway broker-config: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** The arguments that write the committed {@code deploy/mosquitto/} (paths of a Debian Mosquitto host). */
    static final List<String> DEPLOY_ARGS = List.of("--install-dir", "/etc/mosquitto/lantaarn",
            "--ca", "/etc/mosquitto/lantaarn/ca.crt", "--cert", "/etc/mosquitto/lantaarn/broker.crt",
            "--key", "/etc/mosquitto/lantaarn/broker.key", "--twin-consumer", "digital-twin");
}
