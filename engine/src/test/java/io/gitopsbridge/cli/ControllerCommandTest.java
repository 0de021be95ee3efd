package io.gitopsbridge.cli;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops-bridge controller} against the test API and a Git server: follows a commit, then stops on request. */
class ControllerCommandTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static String value() {
        var cm = api.client().configMaps().inNamespace("ctl-shop").withName("settings").get();
        return cm == null ? null : cm.getData().get("v");
    }

    @Test
    void reconcilesTheApplicationObjectsOfItsNamespaceUntilStopped(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-controller", "ctl"));
        StringWriter err = new StringWriter();
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of("shop/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {v: '1'}\n"));
            api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("ctl").resource(
                    api.client().getKubernetesSerialization().unmarshal("""
                            apiVersion: argoproj.io/v1alpha1
                            kind: Application
                            metadata: {name: shop, namespace: ctl}
                            spec:
                              source: {repoURL: %s, path: shop, targetRevision: main}
                              destination: {server: https://kubernetes.default.svc, namespace: ctl-shop}
                              syncPolicy: {automated: {}}
                            """.formatted(git.url("config")), GenericKubernetesResource.class)).create();

            ControllerCommand command = new ControllerCommand();
            CommandLine cli = new CommandLine(command);
            cli.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--kubeconfig", kubeconfig.toString(),
                    "--cache", dir.resolve("cache").toString(), "--refresh", "500ms", "--jitter", "0s", "--revision-cache", "0s",
                    "--identity", "replica-1"));
            try {
                eventually("the first automated sync", () -> "1".equals(value()));
                eventually("the status written to the Application", () -> Application.get(api.client(), "ctl", "shop").orElseThrow()
                        .status().sync().status() == SyncCode.SYNCED);

                Path work = Files.createTempDirectory(dir, "work");
                GitHttpServer.git(work, "clone", "--quiet", git.repository("config").toString(), ".");
                Files.writeString(work.resolve("shop/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {v: '2'}\n");
                GitHttpServer.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", "v2");
                GitHttpServer.git(work, "push", "--quiet", "origin", "main");
                eventually("the new commit synced by a refresh", () -> "2".equals(value()));
                assertThat(api.client().leases().inNamespace("ctl").withName("gitops-bridge-shard-0").get().getSpec().getHolderIdentity())
                        .isEqualTo("replica-1");
            } finally {
                command.stop.countDown();
            }
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }
        assertThat(err.toString()).contains("Controller replica-1 reconciling the Applications of namespace ctl (1 shard)",
                "Took shard 0").doesNotContain("canary-token");
        assertThat(api.client().leases().inNamespace("ctl").withName("gitops-bridge-shard-0").get().getSpec().getHolderIdentity())
                .as("freed on stopping").isEmpty();
    }
}
