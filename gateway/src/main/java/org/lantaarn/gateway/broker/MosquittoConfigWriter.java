package org.lantaarn.gateway.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.protocol.Topics;

/**
 * Writes a Mosquitto 2 configuration for a Lantaarn site: {@code mosquitto.conf} with one TLS listener that requires a
 * client certificate and takes the certificate's CN as the user name ({@code use_identity_as_username}), no plain
 * listener unless one on loopback is asked for, and {@code lantaarn.acl} in which a node writes only its own
 * {@code status}, {@code obs/+}, {@code health} and {@code config/ack} and reads only its own {@code config} and
 * {@code receipt} ({@code %u}: bound to the certificate, never {@code %c}, which the client chooses), the gateway reads
 * {@code nodes/#} and writes {@code twin/#}, {@code nodes/+/config} and {@code nodes/+/receipt}, and twin consumers
 * read {@code twin/#}. Anonymous clients (only possible on the loopback listener) may read {@code twin/#} and nothing else.
 *
 * @param host          address of the TLS listener
 * @param port          port of the TLS listener (8883)
 * @param caFile        CA certificate that client certificates must chain to
 * @param certFile      the broker's certificate
 * @param keyFile       the broker's private key (readable by the mosquitto user only)
 * @param dataDir       persistence location
 * @param topicPrefix   the wire contract's prefix
 * @param gateway       CN of the gateway's certificate
 * @param twinConsumers CNs of twin consumers' certificates
 * @param loopbackPort  a plain listener on 127.0.0.1 for local twin readers, or 0 for none (the default)
 */
public record MosquittoConfigWriter(String host, int port, Path caFile, Path certFile, Path keyFile, Path dataDir,
                                    String topicPrefix, String gateway, List<String> twinConsumers, int loopbackPort) {
    public static final String CONF = "mosquitto.conf";
    public static final String ACL = "lantaarn.acl";
    /**
     * The ACL of the opt-in plain loopback listener. It is a file of its own: on a listener without
     * certificates a client chooses its own user name, so the main ACL's {@code user} and {@code pattern}
     * rules would let any local process act as the gateway (forging receipts) or as any node.
     */
    public static final String LOOPBACK_ACL = "lantaarn-loopback.acl";

    public MosquittoConfigWriter {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(dataDir, "dataDir");
        new Topics(topicPrefix);
        twinConsumers = List.copyOf(twinConsumers);
    }

    /** The text of {@code mosquitto.conf}; the ACL file is {@code aclFile}. */
    public String conf(Path aclFile) {
        StringBuilder b = new StringBuilder();
        b.append("""
                # Mosquitto configuration for Lantaarn, written by lantaarn-gateway broker-config.
                # Every client authenticates with a certificate from the municipality's CA; its CN is its user name.
                per_listener_settings true
                persistence true
                persistence_location %s/
                max_queued_messages 0

                # Mutual TLS: no certificate, no connection.
                listener %d %s
                cafile %s
                certfile %s
                keyfile %s
                tls_version tlsv1.2
                require_certificate true
                use_identity_as_username true
                allow_anonymous false
                acl_file %s
                """.formatted(dataDir.toAbsolutePath(), port, host, caFile.toAbsolutePath(), certFile.toAbsolutePath(),
                keyFile.toAbsolutePath(), aclFile.toAbsolutePath()));
        if (loopbackPort > 0) {
            b.append("""

                    # Opt-in: a plain listener on loopback only, for local twin readers. A client picks its own user
                    # name here, so this listener has an ACL of its own that lets everyone read twin/# and nothing else.
                    listener %d 127.0.0.1
                    allow_anonymous true
                    acl_file %s
                    """.formatted(loopbackPort, aclFile.resolveSibling(LOOPBACK_ACL).toAbsolutePath()));
        }
        return b.toString();
    }

    /** The text of the ACL file. */
    public String acl() {
        String p = topicPrefix;
        StringBuilder b = new StringBuilder("""
                # Lantaarn broker ACL, written by lantaarn-gateway broker-config.
                # %%u is the CN of the client's certificate (use_identity_as_username), which a client cannot choose;
                # %%c (the client id) would let any client claim another node's topics.

                # The gateway.
                user %2$s
                topic read %1$s/nodes/#
                topic write %1$s/twin/#
                topic write %1$s/nodes/+/config
                topic write %1$s/nodes/+/receipt
                """.formatted(p, gateway));
        for (String consumer : twinConsumers) {
            b.append("\n# A twin consumer.\nuser ").append(consumer).append("\ntopic read ").append(p).append("/twin/#\n");
        }
        b.append("""

                # Every node: write only its own topics, read only its own config and receipt.
                pattern write %1$s/nodes/%%u/status
                pattern write %1$s/nodes/%%u/obs/+
                pattern write %1$s/nodes/%%u/health
                pattern write %1$s/nodes/%%u/config/ack
                pattern read %1$s/nodes/%%u/config
                pattern read %1$s/nodes/%%u/receipt
                """.formatted(p));
        return b.toString();
    }

    /** The text of the loopback listener's ACL: read the twin feed, whatever user name a client claims. */
    public String loopbackAcl() {
        return """
                # Lantaarn ACL of the plain loopback listener, written by lantaarn-gateway broker-config.
                # No certificates here: a client names itself, so no rule may depend on the user name.
                topic read %s/twin/#
                """.formatted(topicPrefix);
    }

    /** Writes the files into {@code out} and returns the path of {@code mosquitto.conf}. */
    public Path write(Path out) {
        try {
            Files.createDirectories(out);
            Path acl = out.resolve(ACL);
            Files.writeString(acl, acl(), StandardCharsets.UTF_8);
            if (loopbackPort > 0) {
                Files.writeString(out.resolve(LOOPBACK_ACL), loopbackAcl(), StandardCharsets.UTF_8);
            }
            Path conf = out.resolve(CONF);
            Files.writeString(conf, conf(acl), StandardCharsets.UTF_8);
            return conf;
        } catch (IOException e) {
            throw new GatewayException("cannot write the broker configuration to " + out + ": " + e.getMessage(), e);
        }
    }
}
