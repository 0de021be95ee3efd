package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.testing.KubernetesApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private static final String TOKEN = "canary-token-cli-51d0-do-not-print";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: gitops-bridge", "version", "cluster-info", "update-center");
    }

    @Test
    void anUpdateSiteIsSignedOrSaysItIsNot(@TempDir Path dir) {
        assertThat(run("update-center", "some.hpi", "--output", dir.resolve("u.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required argument (specify one of these): (--unsigned |"
                + " [--key=FILE --certificate=FILE])");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).matches("gitops-bridge \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        assertThat(Version.current()).isNotEqualTo("unknown");
    }

    @Test
    void clusterInfoConnectsWithAKubeconfig(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig(TOKEN, "ci"));

        assertThat(run("cluster-info", "--kubeconfig", kubeconfig.toString())).isZero();

        assertThat(out.toString()).contains("server:     " + api.url(), "version:    " + KubernetesApi.GIT_VERSION,
                "namespace:  ci");
    }

    @Test
    void clusterInfoReportsAnUnknownContextAndFails(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig(TOKEN, "ci"));

        assertThat(run("cluster-info", "--kubeconfig", kubeconfig.toString(), "--context", "prod")).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("gitops-bridge: Kubeconfig file " + kubeconfig
                + " (cluster 'prod') has no context 'prod'; it has: mock, other" + System.lineSeparator());
        assertThat(out.toString() + err).doesNotContain(TOKEN);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("cluster-info", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}
