package org.lantaarn.config.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): {@code PRIVATE KEY} (PKCS#8), {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo),
 * {@code CERTIFICATE} and {@code CERTIFICATE REQUEST}. Private keys are EC (P-256, for TLS) or Ed25519 (operator keys).
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "Ed25519", "RSA");

    private Pem() {}

    /** The PEM text of {@code der} as a {@code type} block. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Every {@code type} block in {@code text}, decoded. */
    public static List<byte[]> decodeAll(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }

    /** The one {@code type} block in {@code file}. */
    public static byte[] read(Path file, String type) {
        List<byte[]> all = decodeAll(readText(file), type);
        if (all.isEmpty()) {
            throw new PkiException(file + ": no PEM block '" + type + "'");
        }
        return all.getFirst();
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(byte[] pkcs8) {
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException ignored) {
                // try the next algorithm
            }
        }
        throw new PkiException("not a PKCS#8 EC, Ed25519 or RSA private key");
    }

    public static PublicKey publicKey(byte[] spki) {
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException ignored) {
                // try the next algorithm
            }
        }
        throw new PkiException("not an X.509 EC, Ed25519 or RSA public key");
    }

    /**
     * Reads a private key file, refusing one that others can read or write ({@link KeyFiles#requirePrivate}).
     */
    public static PrivateKey readPrivateKey(Path file) {
        KeyFiles.requirePrivate(file);
        try {
            return privateKey(read(file, "PRIVATE KEY"));
        } catch (PkiException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublicKey(Path file) {
        try {
            return publicKey(read(file, "PUBLIC KEY"));
        } catch (PkiException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every certificate in {@code file}, in order (a chain, or a bundle of CAs). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<byte[]> ders = decodeAll(readText(file), "CERTIFICATE");
        if (ders.isEmpty()) {
            throw new PkiException(file + ": no PEM block 'CERTIFICATE'");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : ders) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new PkiException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        return out;
    }
}
