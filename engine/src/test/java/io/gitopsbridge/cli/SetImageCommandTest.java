package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.testing.GitHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetImageCommandTest {
    @TempDir
    static Path root;

    static GitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GitHttpServer.startAnonymous(Files.createDirectories(root.resolve("repos")));
        server.createRepository("config", Map.of(
                "apps/api/values.yaml", "image:\n  repository: registry.example.com/team/api\n  tag: 1.4.0 # CI\n",
                "apps/api/overlays/prod/kustomization.yaml", "resources: [../../base]\nimages:\n  - name: registry.example.com/team/api\n    newTag: 1.4.0\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void setsTheImageInEveryFileInOneCommit(@TempDir Path cache) throws Exception {
        int code = run("set-image", "registry.example.com/team/api:1.5.0", "--repo", server.url("config").toString(),
                "-f", "apps/api/values.yaml", "--path", "image.tag", "-f", "apps/api/overlays/prod/kustomization.yaml",
                "--build-url", "https://ci.example.com/job/api/7/", "--author", "Release Bot <bot@example.com>",
                "--cache", cache.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("pushed ");
        Path bare = server.repository("config");
        assertThat(GitHttpServer.git(bare, "show", "main:apps/api/values.yaml"))
                .isEqualTo("image:\n  repository: registry.example.com/team/api\n  tag: 1.5.0 # CI\n");
        assertThat(GitHttpServer.git(bare, "show", "main:apps/api/overlays/prod/kustomization.yaml"))
                .isEqualTo("resources: [../../base]\nimages:\n  - name: registry.example.com/team/api\n    newTag: 1.5.0\n");
        assertThat(GitHttpServer.git(bare, "log", "-1", "--format=%an|%s|%(trailers:key=GitOps-Bridge-Build,valueonly)", "main"))
                .startsWith("Release Bot|Update apps/api/values.yaml: image.tag = 1.5.0, apps/api/overlays/prod/kustomization.yaml:"
                        + " images[name=registry.example.com/team/api] newTag=1.5.0|https://ci.example.com/job/api/7/");

        assertThat(run("set-image", "registry.example.com/team/api:1.5.0", "--repo", server.url("config").toString(),
                "-f", "apps/api/values.yaml", "--path", "image.tag", "--cache", cache.toString())).isZero();
        assertThat(out.toString()).contains("unchanged ");
    }

    @Test
    void aPathThatIsNotThereExitsOneNamingFileAndPath(@TempDir Path cache) {
        int code = run("set-image", "registry.example.com/team/api:1.6.0", "--repo", server.url("config").toString(),
                "-f", "apps/api/values.yaml", "--path", "api.image.tag", "--cache", cache.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("gitops-bridge: apps/api/values.yaml: api.image.tag: not found");
    }
}
