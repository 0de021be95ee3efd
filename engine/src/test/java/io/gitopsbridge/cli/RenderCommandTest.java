package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void rendersAnApplicationsSourceFromALocalCheckout(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("apps/web"));
        Files.writeString(dir.resolve("apps/web/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n");
        Files.writeString(dir.resolve("apps/web/kustomization.yaml"), "resources: [cm.yaml]\nnamespace: web\n");
        Path app = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  source:
                    repoURL: https://git.example.com/config.git
                    path: apps/web
                    kustomize:
                      nameSuffix: -v2
                """);

        int code = run("render", app.toString(), "--dir", dir.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("""
                ---
                apiVersion: v1
                data:
                  a: b
                kind: ConfigMap
                metadata:
                  name: web-v2
                  namespace: web
                """);
    }

    @Test
    void rendersAMultiSourceApplicationFromGit(@TempDir Path dir) throws Exception {
        try (io.gitopsbridge.testing.GitHttpServer git = io.gitopsbridge.testing.GitHttpServer.startAnonymous(
                Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("apps", java.util.Map.of("web/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"));
            git.createRepository("more", java.util.Map.of("extra/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"));
            Path app = Files.writeString(dir.resolve("app.yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata: {name: web}
                    spec:
                      destination: {namespace: web}
                      sources:
                      - {repoURL: %s, path: web}
                      - {repoURL: %s, path: extra, targetRevision: main}
                    """.formatted(git.url("apps"), git.url("more")));

            int code = run("render", app.toString(), "--cache", dir.resolve("cache").toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("name: web\n").contains("name: extra\n");
            assertThat(err.toString()).contains("Rendered commit ");
        }
    }

    @Test
    void aMissingPathExitsOne(@TempDir Path dir) {
        assertThat(run("render", "--dir", dir.toString(), "--path", "apps/none")).isEqualTo(1);
        assertThat(err.toString()).contains("gitops-bridge: path 'apps/none': no such directory in " + dir);
    }
}
