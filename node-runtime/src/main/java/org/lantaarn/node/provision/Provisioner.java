package org.lantaarn.node.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.pki.Csr;
import org.lantaarn.config.pki.KeyFiles;
import org.lantaarn.config.pki.Pem;
import org.lantaarn.config.pki.PkiException;
import org.lantaarn.protocol.Ids;

/**
 * Writes a node's identity and first configuration into a directory:
 * {@code node.key} (EC P-256, PKCS#8, mode 0600), {@code node.csr} (CN = node id), {@code node.yaml} (version 1,
 * an {@code ssl://} broker with {@code tls} files {@code ca.crt}, {@code node.crt}, {@code node.key}, relative to the
 * configuration's directory wherever the node runs, also in pushed versions) and, when
 * given, {@code operator-keys/} with the operator public keys the node will accept configurations from.
 */
public final class Provisioner {
    /** What was written. */
    public record Result(Path key, Path csr, Path config, List<Path> operatorKeys) {}

    private Provisioner() {}

    public static Result provision(String node, String site, double lat, double lon, String broker, Path out, List<Path> operatorKeys,
                                   List<String> streams) {
        if (!Ids.isValid(node)) {
            throw new PkiException("not a valid node id: " + node);
        }
        if (!Ids.isValid(site)) {
            throw new PkiException("not a valid site id: " + site);
        }
        if (!broker.startsWith("ssl://")) {
            throw new PkiException("nodes connect with mutual TLS only: the broker must be ssl://host:port, not " + broker);
        }
        Path key = out.resolve("node.key");
        Path csrFile = out.resolve("node.csr");
        Path config = out.resolve("node.yaml");
        if (Files.exists(key) || Files.exists(config)) {
            throw new PkiException(out + " already holds a provisioned node; refusing to overwrite it");
        }
        String doc = """
                # First configuration of node %1$s, written by lantaarn-node provision.
                # Later versions arrive signed over MQTT (lantaarn-config sign / push).
                # Relative file names (tls) resolve against this file's directory, in pushed versions too.
                schema: lantaarn.config/1
                node: %1$s
                site: %2$s
                version: 1
                location: {lat: %3$s, lon: %4$s}
                purpose: "to be described by the municipality before the node measures anything"
                legalGround: "to be stated by the municipality"
                uplink:
                  broker: "%5$s"
                  tls: {ca: ca.crt, cert: node.crt, key: node.key}
                window: 60s
                streams:
                """.formatted(node, site, String.format(Locale.ROOT, "%.6f", lat), String.format(Locale.ROOT, "%.6f", lon), broker);
        StringBuilder sb = new StringBuilder(doc);
        for (String st : streams) {
            String[] p = st.split(":", 3);
            if (p.length < 2 || p[0].isBlank() || p[1].isBlank() || (p.length == 3 && p[2].isBlank())) {
                throw new PkiException("a stream is ID:SENSOR or ID:SENSOR:DRIVER, e.g. air:climate or air:climate:simulated, not " + st);
            }
            sb.append("  - {id: ").append(p[0]).append(", sensor: ").append(p[1]);
            if (p.length == 3) {
                sb.append(", driver: ").append(p[2]);
            }
            sb.append("}\n");
        }
        doc = sb.toString();
        ConfigResult check = ConfigLoader.parse(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (check instanceof ConfigResult.Invalid(var violations)) {
            throw new PkiException("the first configuration would be invalid: " + violations);
        }
        Csr csr = Csr.generate(node);
        KeyFiles.writeSecret(key, Pem.encode("PRIVATE KEY", csr.keyPair().getPrivate().getEncoded()));
        KeyFiles.writePublic(csrFile, csr.pem());
        KeyFiles.writePublic(config, doc);
        List<Path> copied = new java.util.ArrayList<>();
        for (Path k : operatorKeys) {
            org.lantaarn.config.signing.OperatorKeys.readPublic(k);
            Path target = out.resolve("operator-keys").resolve(k.getFileName());
            try {
                Files.createDirectories(target.getParent());
                Files.copy(k, target);
            } catch (IOException e) {
                throw new PkiException("cannot copy " + k + ": " + e.getMessage(), e);
            }
            copied.add(target);
        }
        return new Result(key, csrFile, config, copied);
    }
}
