package org.lantaarn.config.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority kept in one directory, for a municipality without its own PKI:
 * {@code ca.key} (EC P-256, PKCS#8, mode 0600), {@code ca.crt} (self-signed), and {@code issued/} with every
 * certificate it issued. It signs requests ({@link Csr}) and never sees a private key other than its own.
 *
 * <p>Every certificate carries its role ({@link Role}) as {@code OU} next to its {@code CN}. Node, gateway and twin
 * consumer certificates carry {@code extendedKeyUsage clientAuth}; broker and API certificates {@code serverAuth}
 * with the host names and addresses as subject alternative names. The broker grants rights by the CN alone (its ACL
 * names the gateway's and the twin consumers' CNs; every other CN is a node), so the CA keeps the name spaces apart:
 * a CN is always a valid id, names starting with {@value #RESERVED_PREFIX} belong to the gateway and the servers
 * (a node named {@code lantaarn-gateway} would get the gateway's rights), and a CN once issued with one role is never
 * issued with another. Not thread-safe.
 */
public final class FileCa {
    public static final String KEY_FILE = "ca.key";
    public static final String CERT_FILE = "ca.crt";
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:]*");

    /** Names with this prefix are for the gateway, the broker and the API only; no node or twin consumer may have one. */
    public static final String RESERVED_PREFIX = "lantaarn-";

    /** What an issued certificate is for; its {@link #ou()} is written into the subject. */
    public enum Role {
        NODE("node", false), GATEWAY("gateway", false), TWIN_CONSUMER("twin-consumer", false),
        /** The MQTT broker or the gateway's HTTPS API: a server certificate. */
        SERVER("server", true);

        private final String ou;
        private final boolean server;

        Role(String ou, boolean server) {
            this.ou = ou;
            this.server = server;
        }

        public String ou() {
            return ou;
        }

        public boolean server() {
            return server;
        }

        static Role ofOu(String ou) {
            for (Role r : values()) {
                if (r.ou.equals(ou)) {
                    return r;
                }
            }
            return null;
        }
    }

    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private FileCa(Path dir, PrivateKey key, X509Certificate cert, Clock clock) {
        this.dir = dir;
        this.key = key;
        this.cert = cert;
        this.clock = clock;
    }

    /** Makes a new CA in {@code dir} (which must not hold one already) named {@code CN = name}. */
    public static FileCa init(Path dir, String name, Duration validity, Clock clock) {
        if (Files.exists(dir.resolve(KEY_FILE)) || Files.exists(dir.resolve(CERT_FILE))) {
            throw new PkiException(dir + " already holds a CA; refusing to replace it");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            KeyFiles.writeSecret(dir.resolve(KEY_FILE), Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
            KeyFiles.writePublic(dir.resolve(CERT_FILE), Pem.encode("CERTIFICATE", cert.getEncoded()));
            return new FileCa(dir, kp.getPrivate(), cert, clock);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot make a CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens the CA in {@code dir}; its key file must be private. */
    public static FileCa open(Path dir, Clock clock) {
        PrivateKey key = Pem.readPrivateKey(dir.resolve(KEY_FILE));
        X509Certificate cert = Pem.readCertificates(dir.resolve(CERT_FILE)).getFirst();
        return new FileCa(dir, key, cert, clock);
    }

    public X509Certificate certificate() {
        return cert;
    }

    public Path certificateFile() {
        return dir.resolve(CERT_FILE);
    }

    /**
     * Issues a certificate for a request (PEM) and keeps a copy under {@code issued/}.
     *
     * @param csrPem       the request; its signature must verify
     * @param expectedName the CN the request must carry (a node id, or the gateway's or broker's name)
     * @param role         what the certificate is for; written as {@code OU}
     * @param altNames     for a server: host names and IP addresses it is reached at (may be empty)
     * @throws PkiException when the request is invalid, names another CN, or the name is not allowed for the role
     */
    public X509Certificate issue(String csrPem, String expectedName, Role role, List<String> altNames, Duration validity) {
        Csr.Parsed req = Csr.parse(csrPem);
        if (!req.commonName().equals(expectedName)) {
            throw new PkiException("the request is for CN=" + req.commonName() + ", not " + expectedName);
        }
        checkName(expectedName, role);
        try {
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            PublicKey pub = req.publicKey();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                    subject(expectedName, role), pub)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            role.server() ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            if (!altNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String n : altNames) {
                    names.add(IP.matcher(n).matches() ? new GeneralName(GeneralName.iPAddress, ipLiteral(n))
                            : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate issued = sign(b, key);
            KeyFiles.writePublic(dir.resolve("issued").resolve(expectedName + "-" + issued.getSerialNumber().toString(16) + ".crt"),
                    Pem.encode("CERTIFICATE", issued.getEncoded()));
            return issued;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot issue a certificate for " + expectedName + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CA's name rules: a CN is a valid id; {@value #RESERVED_PREFIX} names are for the gateway and servers only, and
     * a gateway's name is one of them; a CN issued before under another role is refused.
     */
    private void checkName(String name, Role role) {
        if (!org.lantaarn.protocol.Ids.isValid(name)) {
            throw new PkiException("not a valid name for a certificate (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit): " + name);
        }
        boolean reserved = name.startsWith(RESERVED_PREFIX);
        if (reserved && (role == Role.NODE || role == Role.TWIN_CONSUMER)) {
            throw new PkiException("names starting with '" + RESERVED_PREFIX + "' are reserved for the gateway and servers; "
                    + "a " + role.ou() + " may not be called " + name);
        }
        if (role == Role.GATEWAY && !reserved) {
            throw new PkiException("a gateway's name must start with '" + RESERVED_PREFIX + "' (such as lantaarn-gateway), not " + name);
        }
        for (IssuedName earlier : issuedNames()) {
            if (earlier.name().equals(name) && earlier.role() != role) {
                throw new PkiException("CN=" + name + " was issued before as a " + (earlier.role() == null ? "certificate without a role"
                        : earlier.role().ou()) + " certificate; one name has one role, refusing to issue it as a " + role.ou());
            }
        }
    }

    private record IssuedName(String name, Role role) {}

    private List<IssuedName> issuedNames() {
        Path issued = dir.resolve("issued");
        if (!Files.isDirectory(issued)) {
            return List.of();
        }
        List<IssuedName> out = new ArrayList<>();
        try (var files = Files.list(issued)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".crt")).toList()) {
                X500Name subject = new X500Name(Pem.readCertificates(f).getFirst().getSubjectX500Principal().getName());
                out.add(new IssuedName(rdn(subject, BCStyle.CN), Role.ofOu(rdn(subject, BCStyle.OU))));
            }
        } catch (IOException e) {
            throw new PkiException("cannot read the certificates issued before under " + issued + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        var rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static X500Name subject(String name, Role role) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, role.ou()).addRDN(BCStyle.CN, name).build();
    }

    /** The PEM of {@code issued}. */
    public String chainPem(X509Certificate issued) {
        try {
            return Pem.encode("CERTIFICATE", issued.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot encode a certificate", e);
        }
    }

    private static String ipLiteral(String n) {
        try {
            return InetAddress.getByName(n).getHostAddress();
        } catch (UnknownHostException e) {
            throw new PkiException("not an IP address: " + n, e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
