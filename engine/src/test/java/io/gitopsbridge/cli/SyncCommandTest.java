package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SyncCommandTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(Path kubeconfig, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig.toString();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    private static Path application(Path dir, String repo) throws Exception {
        return Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: shop, namespace: argocd}
                spec:
                  source: {repoURL: %s, path: shop, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: cli-shop}
                """.formatted(repo));
    }

    @Test
    void aZeroTimeoutIsRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-cli-sync-0", "default"));

        int code = run(kubeconfig, "sync", application(dir, "https://git.example.com/config.git").toString(), "--timeout", "0");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--timeout 0: must be more than zero").doesNotContain("canary-token");
    }

    @Test
    void syncsFromGitThenDiffsALocalChangeAndPrunesWithTheStatusFile(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-cli-sync-1", "default"));
        Path status = dir.resolve("status.yaml");
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of(
                    "shop/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '1'}\n",
                    "shop/b.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: b}\nstringData: {token: canary-token-cli-sync-2}\n"));
            Path app = application(dir, git.url("config").toString());

            int code = run(kubeconfig, "sync", app.toString(), "--status", status.toString(), "--cache", dir.resolve("cache").toString());
            assertThat(code).as(err + "" + out).isZero();
            assertThat(out.toString()).contains("create           ConfigMap cli-shop/a", "create           Secret cli-shop/b",
                    "Successfully synced (2 create)", "shop: Synced, Healthy");
            assertThat(Files.readString(status)).contains("kind: Secret", "status: Synced");
        }

        Path local = Files.createDirectories(dir.resolve("checkout/shop"));
        Files.writeString(local.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '2'}\n");
        Path app = application(dir, "https://git.example.com/unused.git");
        int diff = run(kubeconfig, "diff", app.toString(), "--dir", dir.resolve("checkout").toString(), "--status", status.toString());
        assertThat(diff).isEqualTo(1);
        assertThat(out.toString()).contains("--- live ConfigMap cli-shop/a", "-  v: '1'", "+  v: '2'");
        assertThat(err.toString()).contains("Secret cli-shop/b: requires pruning", "shop: OutOfSync, Healthy at local");

        int dry = run(kubeconfig, "sync", app.toString(), "--dir", dir.resolve("checkout").toString(), "--status", status.toString(),
                "--prune", "--dry-run");
        assertThat(dry).isZero();
        assertThat(out.toString()).contains("update           ConfigMap cli-shop/a", "prune            Secret cli-shop/b");
        assertThat(api.client().secrets().inNamespace("cli-shop").withName("b").get()).isNotNull();

        int synced = run(kubeconfig, "sync", app.toString(), "--dir", dir.resolve("checkout").toString(), "--status", status.toString(),
                "--prune");
        assertThat(synced).as(out.toString()).isZero();
        assertThat(api.client().secrets().inNamespace("cli-shop").withName("b").get()).isNull();
        assertThat(run(kubeconfig, "diff", app.toString(), "--dir", dir.resolve("checkout").toString(), "--status", status.toString()))
                .isZero();
        assertThat(out.toString() + err).doesNotContain("canary-token");
    }

    @Test
    void aBrokenRenderIsUnknownAndChangesNothing(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-cli-sync-3", "default"));
        Files.createDirectories(dir.resolve("checkout/shop"));
        Files.writeString(dir.resolve("checkout/shop/kustomization.yaml"), "resources: [missing.yaml]\n");
        Path app = application(dir, "https://git.example.com/unused.git");

        assertThat(run(kubeconfig, "diff", app.toString(), "--dir", dir.resolve("checkout").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ComparisonError: rendering failed: ", "missing.yaml", "shop: Unknown");
        assertThat(run(kubeconfig, "sync", app.toString(), "--dir", dir.resolve("checkout").toString(), "--prune")).isEqualTo(1);
        assertThat(out.toString()).contains("Not synced: rendering failed: ");
    }

    @Test
    void badArgumentsAndUnreachableClustersAreNamedAndNeverReadAsOutOfSync(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-cli-sync-4", "default"));
        Path app = application(dir, "https://git.example.com/unused.git");
        Files.createDirectories(dir.resolve("checkout/shop"));

        assertThat(run(dir.resolve("missing-kubeconfig"), "diff", app.toString(), "--dir", dir.resolve("checkout").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("gitops-bridge: ").contains("missing-kubeconfig");

        assertThat(run(kubeconfig, "sync", app.toString(), "--dir", dir.resolve("checkout").toString(), "--timeout", "soon"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("'soon' is not a duration such as 90s, 10m or 1h30m");

        assertThat(run(kubeconfig, "diff", app.toString(), "--username", "ci")).isEqualTo(2);
        assertThat(err.toString()).contains("--username needs the password or token in $GITOPS_BRIDGE_GIT_PASSWORD");

        Path multi = Files.writeString(dir.resolve("multi.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: multi}
                spec:
                  sources: [{repoURL: https://git.example.com/a.git, path: a}, {repoURL: https://git.example.com/b.git, path: b}]
                  destination: {name: in-cluster, namespace: multi}
                """);
        assertThat(run(kubeconfig, "diff", multi.toString(), "--dir", dir.resolve("checkout").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ComparisonError: rendering failed: a local directory renders one source; this"
                + " Application has spec.sources");
        assertThat(out.toString() + err).doesNotContain("canary-token");
    }
}
