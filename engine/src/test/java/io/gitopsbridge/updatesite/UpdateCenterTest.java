package io.gitopsbridge.updatesite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCenterTest {
    @TempDir
    Path dir;

    @Test
    void describesAPluginAsJenkinsReadsIt() throws Exception {
        Path hpi = plugin("demo.hpi", "demo", "1.2.3",
                "credentials:1405.vb_cda_74a_f8974,configuration-as-code:1850.va_a_8c31d3158b_;resolution:=optional");

        JsonNode site = new ObjectMapper().readTree(UpdateCenter.json(
                "default", List.of(PluginArchive.read(hpi)), "", Instant.parse("2026-11-23T10:15:30.123Z"),
                "https://www.google.com/", null));

        assertThat(site.get("updateCenterVersion").asInt()).isEqualTo(1);
        assertThat(site.get("id").asText()).isEqualTo("default");
        assertThat(site.get("connectionCheckUrl").asText()).isEqualTo("https://www.google.com/");
        JsonNode demo = site.get("plugins").get("demo");
        assertThat(demo.get("name").asText()).isEqualTo("demo");
        assertThat(demo.get("title").asText()).isEqualTo("Demo plugin");
        assertThat(demo.get("version").asText()).isEqualTo("1.2.3");
        assertThat(demo.get("url").asText()).isEqualTo("demo.hpi");
        assertThat(demo.get("requiredCore").asText()).isEqualTo("2.479.3");
        assertThat(demo.get("wiki").asText()).isEqualTo("https://example.com/demo");
        assertThat(demo.get("releaseTimestamp").asText()).isEqualTo("2026-11-23T10:15:30Z");
        byte[] bytes = Files.readAllBytes(hpi);
        assertThat(demo.get("sha256").asText()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(demo.get("sha512").asText()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes)));
        assertThat(demo.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(demo.get("dependencies").toString()).isEqualTo(
                "[{\"name\":\"credentials\",\"version\":\"1405.vb_cda_74a_f8974\",\"optional\":false},"
                        + "{\"name\":\"configuration-as-code\",\"version\":\"1850.va_a_8c31d3158b_\",\"optional\":true}]");
    }

    @Test
    void aUrlPrefixMakesDownloadUrlsAbsolute() throws Exception {
        Path hpi = plugin("demo.hpi", "demo", "1.0", "");
        JsonNode site = new ObjectMapper().readTree(UpdateCenter.json(
                "internal", List.of(PluginArchive.read(hpi)), "https://jenkins-plugins.example.com/", Instant.EPOCH,
                "https://jenkins-plugins.example.com/", null));
        assertThat(site.get("id").asText()).isEqualTo("internal");
        assertThat(site.at("/plugins/demo/url").asText()).isEqualTo("https://jenkins-plugins.example.com/demo.hpi");
        assertThat(site.at("/plugins/demo/dependencies").size()).isZero();
    }

    @Test
    void aSignedSiteVerifiesAsJenkinsVerifiesIt() throws Exception {
        Keys keys = keys();
        Path hpi = plugin("demo.hpi", "demo", "1.2.3", "credentials:1405.vb_cda_74a_f8974");
        String json = UpdateCenter.json("gitops-bridge", List.of(PluginArchive.read(hpi)), "", Instant.EPOCH,
                "https://plugins.example.com/", SigningKey.read(keys.key(), keys.chain()));

        assertThat(verify(json, keys.ca())).isEqualTo("ok");
        assertThat(verify(json.replace("\"1.2.3\"", "\"1.2.4\""), keys.ca())).isEqualTo("SHA-512 digest mismatch");
        Keys other = keys();
        assertThat(verify(json, other.ca())).startsWith("certificate path: ");
        assertThat(new ObjectMapper().readTree(json).at("/signature").has("correct_signature"))
                .as("no SHA-1 signature: Jenkins 2.479.3 accepts SHA-512 alone").isFalse();
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRefused() throws Exception {
        Keys one = keys();
        Keys two = keys();
        assertThatThrownBy(() -> SigningKey.read(one.key(), two.chain()))
                .hasMessage(two.chain() + ": the first certificate is not the one of the key in " + one.key()
                        + " (the signing certificate comes first, then its intermediates)");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKey.read(pkcs1, one.chain()))
                .hasMessageStartingWith(pkcs1 + ": a 'RSA PRIVATE KEY' block; give an unencrypted PKCS#8 key");
    }

    @Test
    void aValueWithoutAReliableCanonicalFormIsNotSigned() throws Exception {
        Keys keys = keys();
        Path hpi = plugin("demo.hpi", "demo", "1.0", "");
        PluginArchive archive = PluginArchive.read(hpi);
        PluginArchive odd = new PluginArchive(archive.file(), archive.name(), "Demo</b>", archive.version(),
                archive.requiredCore(), archive.url(), archive.dependencies(), archive.sha1(), archive.sha256(), archive.sha512(),
                archive.size());
        assertThatThrownBy(() -> UpdateCenter.json("gitops-bridge", List.of(odd), "", Instant.EPOCH,
                "https://plugins.example.com/", SigningKey.read(keys.key(), keys.chain())))
                .hasMessage("plugins.demo.title: 'Demo</b>' holds a control character or '</', which signed update-site"
                        + " documents cannot carry reliably");
    }

    /**
     * What {@code jenkins.util.JSONSignatureValidator} (2.479.3) does, written independently of the signer: the
     * certificates' path to the trusted roots (PKIX, revocation off, as {@code CertificateUtil.validatePath}), the
     * document without its signature in canonical form (here: Jackson with sorted keys, no whitespace), its SHA-512
     * against {@code correct_digest512}, and {@code correct_signature512} by the first certificate.
     */
    private static String verify(String json, Path rootCa) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> document = mapper.readValue(json, java.util.LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> signature = (java.util.Map<String, Object>) document.remove("signature");
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X509");
        List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
        for (Object c : (List<?>) signature.get("certificates")) {
            java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) x509.generateCertificate(
                    new java.io.ByteArrayInputStream(Base64.getDecoder().decode(c.toString())));
            cert.checkValidity();
            certs.add(cert);
        }
        try (var in = Files.newInputStream(rootCa)) {
            var anchor = new java.security.cert.TrustAnchor((java.security.cert.X509Certificate) x509.generateCertificate(in), null);
            var params = new java.security.cert.PKIXParameters(java.util.Set.of(anchor));
            params.setRevocationEnabled(false);
            java.security.cert.CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(certs), params);
        } catch (java.security.cert.CertPathValidatorException e) {
            return "certificate path: " + e.getMessage();
        }
        byte[] canonical = mapper.writeValueAsBytes(document);
        String digest = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(canonical));
        if (!digest.equalsIgnoreCase((String) signature.get("correct_digest512"))) {
            return "SHA-512 digest mismatch";
        }
        java.security.Signature sig = java.security.Signature.getInstance("SHA512withRSA");
        sig.initVerify(certs.get(0));
        sig.update(canonical);
        return sig.verify(java.util.HexFormat.of().parseHex((String) signature.get("correct_signature512"))) ? "ok"
                : "signature does not match";
    }

    private record Keys(Path key, Path chain, Path ca) {}

    private int made;

    /** A root CA and a signing certificate it issued, as an administrator makes them (here with keytool). */
    private Keys keys() throws Exception {
        Path at = Files.createDirectories(dir.resolve("keys-" + ++made));
        String store = at.resolve("keys.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Update site CA " + made,
                "-ext", "bc:c", "-validity", "2", "-keystore", store);
        keytool("-genkeypair", "-alias", "signer", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=Update site signer " + made, "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", "signer", "-keystore", store, "-file", at.resolve("signer.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", store, "-infile", at.resolve("signer.csr").toString(), "-outfile",
                at.resolve("chain.pem").toString(), "-rfc", "-ext", "ku:c=digitalSignature", "-validity", "2");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", store, "-file", at.resolve("ca.pem").toString());
        java.security.KeyStore keystore = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(store))) {
            keystore.load(in, "changeit".toCharArray());
        }
        byte[] pkcs8 = keystore.getKey("signer", "changeit".toCharArray()).getEncoded();
        Path key = Files.writeString(at.resolve("signer.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
        return new Keys(key, at.resolve("chain.pem"), at.resolve("ca.pem"));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit", "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    @Test
    void anArchiveThatIsNotAPluginIsNamed() throws Exception {
        Path hpi = plugin("broken.hpi", null, "1.0", "");
        assertThatThrownBy(() -> PluginArchive.read(hpi))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(hpi + " is not a Jenkins plugin: its manifest has no Short-Name");
    }

    @Test
    void aMalformedDependencyIsNamed() throws Exception {
        Path hpi = plugin("odd.hpi", "odd", "1.0", "credentials");
        assertThatThrownBy(() -> PluginArchive.read(hpi))
                .hasMessage(hpi + ": Plugin-Dependencies entry 'credentials' is not name:version[;resolution:=optional]");
    }

    private Path plugin(String file, String name, String version, String dependencies) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (name != null) {
            main.putValue("Short-Name", name);
            main.putValue("Long-Name", "Demo plugin");
        }
        main.putValue("Plugin-Version", version);
        main.putValue("Jenkins-Version", "2.479.3");
        main.putValue("Url", "https://example.com/demo");
        main.putValue("Plugin-Dependencies", dependencies);
        Path hpi = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(hpi); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("WEB-INF/lib/"));
        }
        return hpi;
    }
}
