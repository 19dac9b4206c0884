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
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The three files of a mutual-TLS client: the CA certificate(s) it trusts the broker by, its own certificate
 * (chain) and its private key. {@link #socketFactory()} refuses a private key file others can read.
 *
 * @param ca   PEM CA certificate(s)
 * @param cert PEM certificate of this client (CN = node id, or the gateway's name)
 * @param key  PEM PKCS#8 private key, mode 0600
 */
public record TlsFiles(Path ca, Path cert, Path key) {
    public TlsFiles {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** A TLS 1.2/1.3 context that presents this certificate and trusts only {@link #ca}. */
    public SSLContext context() {
        PrivateKey privateKey = Pem.readPrivateKey(key);
        List<X509Certificate> chain = Pem.readCertificates(cert);
        List<X509Certificate> cas = Pem.readCertificates(ca);
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", privateKey, pw, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ts.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a TLS context from " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context for a client without a certificate that trusts only the CA certificate(s) in {@code ca}. */
    public static SSLContext trustOnly(Path ca) {
        List<X509Certificate> cas = Pem.readCertificates(ca);
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ts.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a TLS context trusting " + ca + ": " + e.getMessage(), e);
        }
    }

    public SSLSocketFactory socketFactory() {
        return context().getSocketFactory();
    }
}
