package org.lantaarn.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.lantaarn.config.pki.Csr;
import org.lantaarn.config.pki.FileCa;
import org.lantaarn.config.pki.KeyFiles;
import org.lantaarn.config.pki.Pem;
import org.lantaarn.config.pki.TlsFiles;

/**
 * A certificate authority for one test, made with the product's own file CA: a broker certificate for 127.0.0.1 and
 * client certificates whose CN is a node id or the gateway's name. Keys are made as a device makes them (a request,
 * then a certificate), files are written into {@code dir}.
 */
public final class TestPki {
    private final Path dir;
    private final FileCa ca;

    public TestPki(Path dir) {
        this.dir = dir;
        this.ca = FileCa.init(dir.resolve("ca"), "Lantaarn Test CA", Duration.ofDays(2), Clock.systemUTC());
    }

    public Path caFile() {
        return ca.certificateFile();
    }

    /** Files of the broker's (or the API's) server certificate (SAN 127.0.0.1 and localhost). */
    public TlsFiles server(String name) {
        return issue(name, FileCa.Role.SERVER, List.of("127.0.0.1", "localhost"));
    }

    /**
     * Files of a client certificate with {@code CN = name}: the gateway's when the name starts with
     * {@value FileCa#RESERVED_PREFIX}, otherwise a node's.
     */
    public TlsFiles client(String name) {
        return issue(name, name.startsWith(FileCa.RESERVED_PREFIX) ? FileCa.Role.GATEWAY : FileCa.Role.NODE, List.of());
    }

    /** Files of a twin consumer's client certificate. */
    public TlsFiles twinConsumer(String name) {
        return issue(name, FileCa.Role.TWIN_CONSUMER, List.of());
    }

    private TlsFiles issue(String name, FileCa.Role usage, List<String> sans) {
        Csr csr = Csr.generate(name);
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        KeyFiles.writeSecret(key, Pem.encode("PRIVATE KEY", csr.keyPair().getPrivate().getEncoded()));
        KeyFiles.writePublic(cert, ca.chainPem(ca.issue(csr.pem(), name, usage, sans, Duration.ofDays(1))));
        return new TlsFiles(caFile(), cert, key);
    }

    /** A TLS socket factory that trusts the broker but presents no client certificate. */
    public SSLSocketFactory withoutClientCertificate() {
        try {
            java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
