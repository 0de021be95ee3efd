package io.gitopsbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.testing.KubernetesApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClusterConnectorTest {
    /** Never to appear in a message, a log or test output; .ci/run searches the reports for it. */
    static final String TOKEN = "canary-token-7f3c9a1e-do-not-print";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    @RegisterExtension
    static final KubernetesApi tls = KubernetesApi.https();

    @Test
    void connectsWithAKubeconfigAndTakesTheContextsNamespace() throws InterruptedException {
        var source = ClusterSource.Kubeconfig.ofText("credentials 'prod-kubeconfig'", api.kubeconfig(TOKEN, "apps"), null);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("prod", source, null))) {
            assertThat(cluster.server()).isEqualTo(api.url());
            assertThat(cluster.namespace()).isEqualTo("apps");
            assertThat(cluster.verify().gitVersion()).isEqualTo(KubernetesApi.GIT_VERSION);
            assertThat(api.server().getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(cluster.toString()).doesNotContain(TOKEN);
        }
        assertThat(source.toString()).doesNotContain(TOKEN);
    }

    @Test
    void anExplicitNamespaceWinsAndTheDefaultIsDefault() {
        String withoutNamespace = api.kubeconfig(TOKEN, "apps").replace("      namespace: apps\n", "");
        var source = ClusterSource.Kubeconfig.ofText("inline", withoutNamespace, "mock");
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("c", source, null))) {
            assertThat(cluster.namespace()).isEqualTo("default");
        }
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("c", source, "team-a"))) {
            assertThat(cluster.namespace()).isEqualTo("team-a");
        }
    }

    @Test
    void readsAKubeconfigFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config"), api.kubeconfig(TOKEN, "apps"));
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("c", ClusterSource.Kubeconfig.ofFile(file, "mock"), null))) {
            assertThat(cluster.verify().gitVersion()).isEqualTo(KubernetesApi.GIT_VERSION);
        }
    }

    @Test
    void aMissingKubeconfigFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope/config");
        assertThatThrownBy(() -> ClusterSource.Kubeconfig.ofFile(missing, null))
                .isInstanceOf(ClusterException.class)
                .hasMessage("Cannot read kubeconfig file " + missing + ": it does not exist");
    }

    @Test
    void aDirectoryIsNotAKubeconfig(@TempDir Path dir) {
        assertThatThrownBy(() -> ClusterSource.Kubeconfig.ofFile(dir, null))
                .isInstanceOf(ClusterException.class)
                .hasMessage("Cannot read kubeconfig file " + dir + ": Is a directory");
    }

    @Test
    void aKubeconfigThatIsNotUtf8IsNamed(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("config"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> ClusterSource.Kubeconfig.ofFile(binary, null))
                .hasMessage("Cannot read kubeconfig file " + binary + ": it is not UTF-8 text");
    }

    @Test
    void anUnknownContextListsTheKnownOnes() {
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", api.kubeconfig(TOKEN, "apps"), "staging"))
                .hasMessage("Kubeconfig credentials 'kc' (cluster 'prod') has no context 'staging'; it has: mock, other");
    }

    @Test
    void anExecPluginRunsOnlyWhereItIsAllowed() {
        String exec = api.kubeconfig(TOKEN, "apps").replace("      token: " + TOKEN + "\n", """
                      exec:
                        apiVersion: client.authentication.k8s.io/v1
                        command: /bin/sh
                        args: ["-c", "touch /tmp/owned"]
                """);
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", exec, null).withoutExec())
                .hasMessage("User 'tester' in kubeconfig credentials 'kc' (cluster 'prod') authenticates with an exec plugin"
                        + " '/bin/sh', which would run a program on this machine; use a token or client certificate, or have"
                        + " an administrator allow exec plugins for this cluster");
        String gcp = api.kubeconfig(TOKEN, "apps").replace("      token: " + TOKEN + "\n", """
                      auth-provider:
                        name: gcp
                        config: {cmd-path: /usr/bin/gcloud, cmd-args: config config-helper}
                """);
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", gcp, null).withoutExec())
                .hasMessageContaining("authenticates with an auth-provider command '/usr/bin/gcloud'");
        String twoUsers = api.kubeconfig(TOKEN, "apps") + """
                  - name: tester
                    user:
                      exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}
                """;
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", twoUsers, null).withoutExec())
                .as("fabric8 takes the last of two users of one name").hasMessageContaining("exec plugin '/bin/sh'");
        try (Cluster ok = ClusterConnector.connect(new ClusterConnection("prod",
                ClusterSource.Kubeconfig.ofText("credentials 'kc'", api.kubeconfig(TOKEN, "apps"), null).withoutExec(), null))) {
            assertThat(ok.namespace()).isEqualTo("apps");
        }
    }

    @Test
    void aKubeconfigWithoutCurrentContextAsksForOne() {
        String text = api.kubeconfig(TOKEN, "apps").replace("current-context: mock\n", "");
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", text, null))
                .hasMessage("Kubeconfig credentials 'kc' (cluster 'prod') sets no current-context; name one of: mock, other");
    }

    @Test
    void aContextNamingAMissingClusterOrUserIsExplained() {
        String noCluster = api.kubeconfig(TOKEN, "apps").replace("cluster: mock\n", "cluster: gone\n");
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", noCluster, "mock"))
                .hasMessage("Context 'mock' in kubeconfig credentials 'kc' (cluster 'prod') names cluster 'gone',"
                        + " which the kubeconfig does not define");
        String noUser = api.kubeconfig(TOKEN, "apps").replace("      user: tester\n      namespace", "      user: ghost\n      namespace");
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", noUser, "mock"))
                .hasMessage("Context 'mock' in kubeconfig credentials 'kc' (cluster 'prod') names user 'ghost',"
                        + " which the kubeconfig does not define");
    }

    @Test
    void badYamlIsLocatedWithoutQuotingTheDocument() {
        String broken = api.kubeconfig(TOKEN, "apps").replace("      token: " + TOKEN, "      token: " + TOKEN + ": [oops");
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", broken, null))
                .hasMessage("Kubeconfig credentials 'kc' (cluster 'prod') is not valid YAML at line 25, column 48:"
                        + " mapping values are not allowed here");
    }

    @Test
    void aWronglyShapedKubeconfigNamesThePath() {
        String wrong = api.kubeconfig(TOKEN, "apps").replace("contexts:\n", "contexts: " + TOKEN + "\nunused:\n");
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", wrong, null))
                .hasMessage("Kubeconfig credentials 'kc' (cluster 'prod') has an unexpected value at contexts");
    }

    @Test
    void anEmptyKubeconfigIsNamed() {
        assertFails(() -> ClusterSource.Kubeconfig.ofText("credentials 'kc'", "  \n", null))
                .hasMessage("Kubeconfig credentials 'kc' (cluster 'prod') is empty");
    }

    @Test
    void connectsWithAServerUrlAndToken() {
        var source = new ClusterSource.Token(api.url(), TOKEN, null);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("t", source, null))) {
            assertThat(cluster.namespace()).isEqualTo("default");
            assertThat(cluster.verify().platform()).isEqualTo("linux/amd64");
        }
        assertThat(source.toString()).doesNotContain(TOKEN).contains(api.url().toString());
    }

    @Test
    void aServerUrlThatIsNotHttpIsRejected() {
        assertFails(() -> new ClusterSource.Token(URI.create("ftp://k8s.example.com"), TOKEN, null))
                .hasMessage("Cluster 'prod': server URL 'ftp://k8s.example.com' is not an http(s) URL such as"
                        + " https://kubernetes.example.com:6443");
    }

    @Test
    void aCaThatIsNotPemIsRejected() {
        assertFails(() -> new ClusterSource.Token(URI.create("https://k8s.example.com:6443"), TOKEN, "not a certificate"))
                .hasMessage("Cluster 'prod': the CA certificate for https://k8s.example.com:6443 is not a PEM-encoded"
                        + " X.509 certificate");
    }

    @Test
    void anUnreachableServerIsNamedButNotTheToken() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        var source = new ClusterSource.Token(closed, TOKEN, null);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("prod", source, null).withRequestRetries(0))) {
            assertThatThrownBy(cluster::verify)
                    .isInstanceOf(ClusterException.class)
                    .hasMessage("Cannot reach the Kubernetes API server " + closed + " of cluster 'prod': connection refused")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
        }
    }

    @Test
    void anUntrustedCertificateIsExplained() throws IOException {
        String ca = new String(getClass().getResourceAsStream("/unrelated-ca.pem").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        var source = new ClusterSource.Token(tls.url(), TOKEN, ca);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("prod", source, null).withRequestRetries(0))) {
            assertThatThrownBy(cluster::verify)
                    .hasMessageStartingWith("Cannot reach the Kubernetes API server " + tls.url() + " of cluster 'prod': TLS failed (")
                    .hasMessageEndingWith("); check the server's CA certificate")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
        }
    }

    @Test
    void rejectedCredentialsAreReportedWithoutTheToken() {
        try (KubernetesApi strict = KubernetesApi.http().start()) {
            strict.server().clearExpectations();
            strict.server().expect().get().withPath("/version").andReturn(401, "{\"kind\":\"Status\",\"code\":401}").always();
            var source = new ClusterSource.Token(strict.url(), TOKEN, null);
            try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("prod", source, null))) {
                assertThatThrownBy(cluster::verify)
                        .hasMessage("The Kubernetes API server " + strict.url() + " of cluster 'prod' rejected the"
                                + " credentials (HTTP 401 Unauthorized)")
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
            }
        }
    }

    @Test
    void aForbiddenRequestCarriesTheServersReason() {
        try (KubernetesApi strict = KubernetesApi.http().start()) {
            strict.server().clearExpectations();
            strict.server().expect().get().withPath("/version").andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"forbidden: User"
                    + " \\\"system:serviceaccount:ci:jenkins\\\" cannot get path \\\"/version\\\"\"}").always();
            var source = new ClusterSource.Token(strict.url(), TOKEN, null);
            try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("prod", source, null))) {
                assertThatThrownBy(cluster::verify)
                        .hasMessage("The Kubernetes API server " + strict.url() + " of cluster 'prod' denied access"
                                + " (HTTP 403 Forbidden): forbidden: User \"system:serviceaccount:ci:jenkins\" cannot get"
                                + " path \"/version\"");
            }
        }
    }

    @Test
    void inClusterReadsTheServiceAccount(@TempDir Path sa) throws IOException {
        Files.writeString(sa.resolve("token"), TOKEN + "\n");
        Files.writeString(sa.resolve("ca.crt"), new String(getClass().getResourceAsStream("/unrelated-ca.pem").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(sa.resolve("namespace"), "jenkins\n");
        var source = new ClusterSource.InCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"), sa);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("local", source, null))) {
            assertThat(cluster.server()).isEqualTo(URI.create("https://10.96.0.1:443"));
            assertThat(cluster.namespace()).isEqualTo("jenkins");
        }
        var ipv6 = new ClusterSource.InCluster(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "443"), sa);
        try (Cluster cluster = ClusterConnector.connect(new ClusterConnection("local", ipv6, "ci"))) {
            assertThat(cluster.server()).isEqualTo(URI.create("https://[fd00::1]:443"));
            assertThat(cluster.namespace()).isEqualTo("ci");
        }
    }

    @Test
    void inClusterOutsideAPodSaysSo(@TempDir Path sa) {
        assertFails(() -> new ClusterSource.InCluster(Map.of(), sa))
                .hasMessage("Cluster 'prod' uses the in-cluster service account, but this process is not running in a"
                        + " Kubernetes Pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)");
        assertFails(() -> new ClusterSource.InCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"), sa))
                .hasMessage("Cluster 'prod': the service account token " + sa.resolve("token")
                        + " is missing or unreadable (is automountServiceAccountToken false for this Pod?)");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(Supplier<ClusterSource> source) {
        return assertThatThrownBy(() -> ClusterConnector.connect(new ClusterConnection("prod", source.get(), null)).close())
                .isInstanceOf(ClusterException.class)
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
