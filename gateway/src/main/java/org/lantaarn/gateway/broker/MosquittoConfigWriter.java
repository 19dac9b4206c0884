package org.lantaarn.gateway.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lantaarn.gateway.GatewayException;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.Topics;

/**
 * The one source of a site's Mosquitto 2.0 configuration: {@code lantaarn-gateway broker-config} writes it, and the
 * committed {@code deploy/mosquitto/} files are its output for the standard paths (a test keeps them equal).
 *
 * <p>{@code mosquitto.conf} holds the broker-wide limits (persistence, {@code persistent_client_expiration}, queues
 * bounded by {@code max_queued_bytes}, {@code max_packet_size}) and one TLS listener that requires a client certificate,
 * takes its CN as the user name ({@code use_identity_as_username}) <em>and</em> as the client id
 * ({@code use_username_as_clientid}): a certificate can only ever be its own client, so no one can take over another
 * node's session. {@code lantaarn.acl} grants per role, and roles are told apart by CN (the CA keeps the names apart,
 * see {@code FileCa}): the gateways ({@code user}) read {@code nodes/#} and write {@code twin/#}, {@code nodes/+/config}
 * and {@code nodes/+/receipt}; twin consumers read {@code twin/#}; every other certificate is a node, which writes only
 * its own {@code status}, {@code obs/+}, {@code health} and {@code config/ack} and reads only its own {@code config}
 * and {@code receipt} ({@code pattern ... %u}). Mosquitto applies {@code pattern} lines to every user, so the gateways
 * and twin consumers get {@code topic deny} lines that take the node rights away from them.
 *
 * <p>The optional plain listener on 127.0.0.1 is for local twin readers: no anonymous clients, a password file made
 * with {@code mosquitto_passwd}, the user name as client id, and an ACL of its own that allows reading {@code twin/#}
 * and nothing else. Its user names must not be valid ids (write them like {@code reader@local}), so they can never be
 * a node's, the gateway's or a twin consumer's client id.
 */
public final class MosquittoConfigWriter {
    public static final String CONF = "mosquitto.conf";
    public static final String ACL = "lantaarn.acl";
    /** The ACL of the opt-in plain loopback listener. */
    public static final String LOOPBACK_ACL = "lantaarn-loopback.acl";
    /** Largest MQTT packet the broker accepts: Lantaarn payloads are at most 64 KiB (a signed configuration 96 KiB). */
    public static final int MAX_PACKET_SIZE = 131_072;
    /** Bound on the bytes queued for all clients together: a day of 1,000 nodes while the gateway is away. */
    public static final long MAX_QUEUED_BYTES = 5_000_000_000L;
    /** Sessions that never expire on their own (MQTT 3.1.1 clients) are removed after this long away. */
    public static final String PERSISTENT_CLIENT_EXPIRATION = "8d";

    private final String host;
    private final int port;
    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private final Path dataDir;
    private final String topicPrefix;
    private final List<String> gateways;
    private final List<String> twinConsumers;
    private final int loopbackPort;
    private final Path loopbackPasswords;
    private final Path installDir;
    private final String logDest;

    private MosquittoConfigWriter(Builder b) {
        this.host = requireText(b.host, "host");
        this.port = b.port;
        this.caFile = Objects.requireNonNull(b.caFile, "caFile");
        this.certFile = Objects.requireNonNull(b.certFile, "certFile");
        this.keyFile = Objects.requireNonNull(b.keyFile, "keyFile");
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        new Topics(b.topicPrefix);
        this.topicPrefix = b.topicPrefix;
        this.gateways = List.copyOf(b.gateways.isEmpty() ? List.of("lantaarn-gateway") : b.gateways);
        this.twinConsumers = List.copyOf(b.twinConsumers);
        for (String n : concat(gateways, twinConsumers)) {
            if (!Ids.isValid(n)) {
                throw new IllegalArgumentException("not a valid certificate name (CN): " + n);
            }
        }
        for (String n : twinConsumers) {
            if (gateways.contains(n)) {
                throw new IllegalArgumentException(n + " cannot be both a gateway and a twin consumer");
            }
        }
        if (b.port < 1 || b.port > 65535 || b.loopbackPort < 0 || b.loopbackPort > 65535) {
            throw new IllegalArgumentException("ports must be between 1 and 65535");
        }
        this.loopbackPort = b.loopbackPort;
        if (loopbackPort > 0 && b.loopbackPasswords == null) {
            throw new IllegalArgumentException("the loopback listener needs a password file (--loopback-passwords, made with "
                    + "mosquitto_passwd): anonymous clients could otherwise take over any node's client id");
        }
        this.loopbackPasswords = b.loopbackPasswords;
        this.installDir = b.installDir;
        this.logDest = requireText(b.logDest, "logDest");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The text of {@code mosquitto.conf} when the files are installed in {@code dir}. */
    public String conf(Path dir) {
        StringBuilder b = new StringBuilder();
        b.append("""
                # Mosquitto 2.0 for one Lantaarn site, written by lantaarn-gateway broker-config; edit the command, not
                # this file. Every line is explained in docs/operations.md ("The broker configuration") and
                # docs/security.md. Every client authenticates with a certificate from the site's CA; its CN is its
                # user name and its client id, and lantaarn.acl says what each role may do.
                per_listener_settings true

                # --- persistence: survive a restart and a crash ---------------------------------------
                persistence true
                persistence_location %s/
                persistence_file mosquitto.db
                autosave_on_changes true
                autosave_interval 1

                # --- sessions -------------------------------------------------------------------------
                persistent_client_expiration %s

                # --- queues and packets: never drop QoS 1 for a slow gateway, bound memory by bytes -----
                max_queued_messages 0
                max_queued_bytes %d
                max_inflight_messages 20
                queue_qos0_messages false
                max_packet_size %d

                # --- logging --------------------------------------------------------------------------
                log_dest %s
                log_type error
                log_type warning
                log_type notice
                log_type information
                connection_messages true
                log_timestamp true

                # --- mutual TLS: no certificate, no connection; CN = user name = client id -------------
                listener %d %s
                cafile %s
                certfile %s
                keyfile %s
                tls_version tlsv1.2
                require_certificate true
                use_identity_as_username true
                use_username_as_clientid true
                allow_anonymous false
                acl_file %s
                """.formatted(dataDir.toAbsolutePath(), PERSISTENT_CLIENT_EXPIRATION, MAX_QUEUED_BYTES, MAX_PACKET_SIZE, logDest,
                port, host, caFile.toAbsolutePath(), certFile.toAbsolutePath(), keyFile.toAbsolutePath(),
                dir.resolve(ACL).toAbsolutePath()));
        if (loopbackPort > 0) {
            b.append("""

                    # --- opt-in: plain listener on loopback for local twin readers ----------------------------
                    # No anonymous clients: each reader has a user name (not a valid node id, e.g. reader@local)
                    # in the password file, and that name is its client id, so it cannot take over a node's.
                    listener %d 127.0.0.1
                    allow_anonymous false
                    password_file %s
                    use_username_as_clientid true
                    acl_file %s
                    """.formatted(loopbackPort, loopbackPasswords.toAbsolutePath(), dir.resolve(LOOPBACK_ACL).toAbsolutePath()));
        }
        return b.toString();
    }

    /** The text of the TLS listener's ACL file. */
    public String acl() {
        String p = topicPrefix;
        StringBuilder b = new StringBuilder("""
                # Lantaarn broker ACL, written by lantaarn-gateway broker-config.
                # %%u is the CN of the client's certificate (use_identity_as_username), which a client cannot choose;
                # %%c (the client id) is never used. Mosquitto applies the pattern lines at the end to every user, so
                # the gateways and twin consumers get deny lines that take the node rights away from them (a deny
                # is checked before everything else).
                """.formatted());
        for (String gateway : gateways) {
            b.append("""

                    # A gateway: reads what nodes send, writes receipts, configurations, the twin feed and the
                    # SensorThings MQTT extension's topics (v1.1/..., fixed by the standard, outside the prefix).
                    user %2$s
                    topic read %1$s/nodes/#
                    topic write %1$s/twin/#
                    topic write v1.1/#
                    topic write %1$s/nodes/+/config
                    topic write %1$s/nodes/+/receipt
                    topic deny %1$s/nodes/%2$s/#
                    """.formatted(p, gateway));
        }
        for (String consumer : twinConsumers) {
            b.append("""

                    # A twin consumer: reads the twin feed and the SensorThings topics, nothing else.
                    user %2$s
                    topic read %1$s/twin/#
                    topic read v1.1/#
                    topic deny %1$s/nodes/#
                    """.formatted(p, consumer));
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

    /** The text of the loopback listener's ACL: read the twin feed, whoever the reader is. */
    public String loopbackAcl() {
        return """
                # Lantaarn ACL of the plain loopback listener, written by lantaarn-gateway broker-config.
                # Local readers (password file) may read the twin feed and the SensorThings topics, nothing else.
                topic read %s/twin/#
                topic read v1.1/#
                """.formatted(topicPrefix);
    }

    /**
     * Writes the files into {@code out} and returns the path of {@code mosquitto.conf}. Paths inside point to the
     * install directory (by default {@code out} itself). A loopback password file is checked first: its user names
     * must not be valid ids.
     */
    public Path write(Path out) {
        if (loopbackPasswords != null) {
            checkPasswordFile(loopbackPasswords);
        }
        try {
            Files.createDirectories(out);
            Path dir = installDir != null ? installDir : out;
            Files.writeString(out.resolve(ACL), acl(), StandardCharsets.UTF_8);
            if (loopbackPort > 0) {
                Files.writeString(out.resolve(LOOPBACK_ACL), loopbackAcl(), StandardCharsets.UTF_8);
            }
            Path conf = out.resolve(CONF);
            Files.writeString(conf, conf(dir), StandardCharsets.UTF_8);
            return conf;
        } catch (IOException e) {
            throw new GatewayException("cannot write the broker configuration to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a password file with a user name that could be a node's (or any certificate's) client id. */
    static void checkPasswordFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GatewayException("cannot read the loopback password file " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String user = line.substring(0, colon);
            if (Ids.isValid(user)) {
                throw new GatewayException("loopback user '" + user + "' in " + file + " could be a node's client id; "
                        + "name local readers with a character no id has, such as " + user + "@local");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String requireText(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must be given");
        }
        return v;
    }

    /** Builds a {@link MosquittoConfigWriter}; the defaults are those of {@code broker-config}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8883;
        private Path caFile;
        private Path certFile;
        private Path keyFile;
        private Path dataDir = Path.of("/var/lib/mosquitto");
        private String topicPrefix = Topics.DEFAULT_PREFIX;
        private final List<String> gateways = new ArrayList<>();
        private final List<String> twinConsumers = new ArrayList<>();
        private int loopbackPort;
        private Path loopbackPasswords;
        private Path installDir;
        private String logDest = "syslog";

        private Builder() {}

        /** The TLS listener's address and port (default 0.0.0.0:8883). */
        public Builder listener(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** The CA certificate client certificates must chain to, the broker's certificate and its private key. */
        public Builder tls(Path ca, Path cert, Path key) {
            this.caFile = ca;
            this.certFile = cert;
            this.keyFile = key;
            return this;
        }

        public Builder persistence(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        /** CN of a gateway certificate (repeat for replicas); default {@code lantaarn-gateway}. */
        public Builder gateway(String cn) {
            this.gateways.add(cn);
            return this;
        }

        /** CN of a twin consumer's certificate (repeat). */
        public Builder twinConsumer(String cn) {
            this.twinConsumers.add(cn);
            return this;
        }

        /** A plain listener on 127.0.0.1:port for the local readers in {@code passwordFile} (made with mosquitto_passwd). */
        public Builder loopback(int port, Path passwordFile) {
            this.loopbackPort = port;
            this.loopbackPasswords = passwordFile;
            return this;
        }

        /** Where the written files will be on the broker host (default: where they are written). */
        public Builder installDir(Path dir) {
            this.installDir = dir;
            return this;
        }

        /** Mosquitto's {@code log_dest} (default {@code syslog}; {@code stdout}, {@code file PATH}). */
        public Builder logDest(String dest) {
            this.logDest = dest;
            return this;
        }

        public MosquittoConfigWriter build() {
            return new MosquittoConfigWriter(this);
        }
    }
}
