package org.lantaarn.config.pki;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The two files of a TLS server that does not ask for client certificates (the gateway's HTTPS API): its certificate
 * (chain, issued with {@code lantaarn-config ca issue --server}) and its private key, which must be 0600 or 0400.
 *
 * @param cert PEM certificate (chain)
 * @param key  PEM PKCS#8 private key
 */
public record ServerTls(Path cert, Path key) {
    public ServerTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** A TLS context that presents this certificate. */
    public SSLContext context() {
        PrivateKey privateKey = Pem.readPrivateKey(key);
        List<X509Certificate> chain = Pem.readCertificates(cert);
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", privateKey, pw, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a TLS server context from " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }
}
