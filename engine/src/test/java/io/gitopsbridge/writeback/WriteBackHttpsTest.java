package io.gitopsbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-backs to an HTTPS Git server whose certificate a private CA signed (here: self-signed). */
class WriteBackHttpsTest {
    private static final String PASSWORD = "canary-token-https-77d0";
    private static final GitAuth AUTH = new GitAuth.UsernamePassword("ci", PASSWORD);
    private static final WriteBackRequest.Identity CI = new WriteBackRequest.Identity("GitOps Bridge", "ci@example.com");

    @TempDir
    static Path root;

    static GitHttpServer server;
    static TestCertificates certificates;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.selfSigned(root);
        server = GitHttpServer.startHttps(Files.createDirectories(root.resolve("repos")), "ci", PASSWORD,
                certificates.serverContext());
        server.createRepository("config", Map.of("values.yaml", "image:\n  tag: \"1\"\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WriteBackRequest request(String tag) {
        return WriteBackRequest.of(server.url("config").toString(), "main", AUTH,
                List.of(new Edit.SetValue("values.yaml", "image.tag", tag, false)), CI);
    }

    @Test
    void anUntrustedCertificateIsRefusedAndTheGivenCaIsTrusted(@TempDir Path cache) throws Exception {
        assertThatThrownBy(() -> new WriteBack(cache.resolve("a")).run(request("2"), s -> {}))
                .isInstanceOf(WriteBackException.class)
                .hasMessage("TLS to " + server.url("config") + " failed: its certificate is not trusted (give the CA certificate"
                        + " that signed it) or no TLS version and cipher were agreed");

        WriteBackResult result = new WriteBack(cache.resolve("b")).run(
                request("2").withCaCertificate(certificates.certificatePem()), s -> {});

        assertThat(result.changed()).isTrue();
        assertThat(GitHttpServer.git(server.repository("config"), "show", "main:values.yaml")).isEqualTo("image:\n  tag: \"2\"\n");
    }

    @Test
    void aCaGivenForOneWriteBackIsNotTrustedByTheNext(@TempDir Path cache) throws Exception {
        new WriteBack(cache.resolve("with")).run(request("4").withCaCertificate(certificates.certificatePem()), s -> {});

        assertThatThrownBy(() -> new WriteBack(cache.resolve("without")).run(request("5"), s -> {}))
                .isInstanceOf(WriteBackException.class)
                .hasMessageStartingWith("TLS to " + server.url("config") + " failed: its certificate is not trusted");
        assertThat(GitHttpServer.git(server.repository("config"), "show", "main:values.yaml")).isEqualTo("image:\n  tag: \"4\"\n");
    }

    @Test
    void aCaCertificateThatIsNotPemIsRefused(@TempDir Path cache) {
        assertThatThrownBy(() -> new WriteBack(cache).run(request("3").withCaCertificate("not a certificate"), s -> {}))
                .isInstanceOf(WriteBackException.class)
                .hasMessageStartingWith("The CA certificate for " + server.url("config"));
    }
}
