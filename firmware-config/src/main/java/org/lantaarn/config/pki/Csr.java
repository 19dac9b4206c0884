package org.lantaarn.config.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A certificate signing request (PKCS#10) with {@code CN = name}, and the key pair it is for. The key pair is
 * made where the request is made (on the node), so the private key never travels.
 *
 * @param keyPair the new EC P-256 key pair
 * @param pem     the request, PEM {@code CERTIFICATE REQUEST}
 */
public record Csr(KeyPair keyPair, String pem) {

    /** A new EC P-256 key pair and a request for {@code CN = commonName}, signed with it. */
    public static Csr generate(String commonName) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            return new Csr(kp, Pem.encode("CERTIFICATE REQUEST", req.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new PkiException("cannot make a key pair and request for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** A request read from PEM whose self-signature verifies. */
    public record Parsed(String commonName, PublicKey publicKey) {}

    /**
     * Parses a request and checks its signature (proof that the requester holds the private key).
     *
     * @throws PkiException for a malformed request, a bad signature or a subject without exactly one CN
     */
    public static Parsed parse(String pem) {
        java.util.List<byte[]> ders;
        try {
            ders = Pem.decodeAll(pem, "CERTIFICATE REQUEST");
        } catch (IllegalArgumentException e) { // bad base64 (found by CsrFuzzTest)
            throw new PkiException("not a valid certificate signing request: " + e.getMessage(), e);
        }
        if (ders.isEmpty()) {
            throw new PkiException("no PEM block 'CERTIFICATE REQUEST'");
        }
        try {
            JcaPKCS10CertificationRequest req = new JcaPKCS10CertificationRequest(ders.getFirst());
            if (!req.isSignatureValid(new JcaContentVerifierProviderBuilder().build(req.getSubjectPublicKeyInfo()))) {
                throw new PkiException("the request's signature does not verify");
            }
            RDN[] cns = req.getSubject().getRDNs(BCStyle.CN);
            if (cns.length != 1) {
                throw new PkiException("the request's subject must have exactly one CN, not " + cns.length);
            }
            return new Parsed(IETFUtils.valueToString(cns[0].getFirst().getValue()), req.getPublicKey());
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new PkiException("not a valid certificate signing request: " + e.getMessage(), e);
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            throw new PkiException("cannot check the request's signature: " + e.getMessage(), e);
        }
    }
}
