package io.gitopsbridge.updatesite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key an administrator signs an update site with, and its certificate chain (the signing certificate first,
 * then any intermediates; the root CA goes into Jenkins' {@code $JENKINS_HOME/update-center-rootCAs/}, not here).
 * Jenkins 2.479.3 verifies {@code correct_digest512} (hex SHA-512 of the canonical document) and
 * {@code correct_signature512} (hex SHA512withRSA by the first certificate) and accepts a document without the
 * SHA-1 pair, so none is written.
 */
public record SigningKey(PrivateKey key, List<X509Certificate> certificates) {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    public SigningKey {
        certificates = List.copyOf(certificates);
        if (!(key instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("Jenkins verifies update sites with SHA512withRSA: the signing key must be"
                    + " an RSA key, not " + key.getAlgorithm());
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the signing certificate is missing");
        }
    }

    /**
     * Reads a PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes it) and PEM
     * certificates, and checks that the first certificate belongs to the key.
     *
     * @throws IllegalArgumentException naming the file when either is not what is expected
     */
    public static SigningKey read(Path keyFile, Path certificateFile) throws IOException {
        String keyText = Files.readString(keyFile, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(keyText);
        if (!m.find()) {
            throw new IllegalArgumentException(keyFile + ": no PEM private key");
        }
        if (!m.group(1).equals("PRIVATE KEY")) {
            throw new IllegalArgumentException(keyFile + ": a '" + m.group(1) + "' block; give an unencrypted PKCS#8 key"
                    + " ('BEGIN PRIVATE KEY'; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        SigningKey signing;
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2))));
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateFile))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(certificateFile + ": no PEM certificate");
            }
            signing = new SigningKey(key, certs);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keyFile + " / " + certificateFile + ": " + e.getMessage(), e);
        }
        if (!signing.matches()) {
            throw new IllegalArgumentException(certificateFile + ": the first certificate is not the one of the key in "
                    + keyFile + " (the signing certificate comes first, then its intermediates)");
        }
        return signing;
    }

    /**
     * The {@code signature} block for the document, which must not hold one yet.
     *
     * @throws IllegalArgumentException if a string in the document has no reliable canonical form
     */
    ObjectNode sign(ObjectNode document) {
        byte[] canonical = CanonicalJson.write(document).getBytes(StandardCharsets.UTF_8);
        try {
            ObjectNode block = JsonNodeFactory.instance.objectNode();
            var certs = block.putArray("certificates");
            for (X509Certificate c : certificates) {
                certs.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
            block.put("correct_digest512", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(canonical)));
            block.put("correct_signature512", HexFormat.of().formatHex(signature(canonical)));
            return block;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with SHA512withRSA: " + e.getMessage(), e);
        }
    }

    private byte[] signature(byte[] data) throws GeneralSecurityException {
        Signature sig = Signature.getInstance("SHA512withRSA");
        sig.initSign(key);
        sig.update(data);
        return sig.sign();
    }

    private boolean matches() {
        try {
            byte[] probe = "gitops-bridge key check".getBytes(StandardCharsets.US_ASCII);
            Signature verify = Signature.getInstance("SHA512withRSA");
            verify.initVerify(certificates.get(0));
            verify.update(probe);
            return verify.verify(signature(probe));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
