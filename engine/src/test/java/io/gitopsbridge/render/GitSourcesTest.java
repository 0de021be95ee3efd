package io.gitopsbridge.render;

import io.gitopsbridge.render.kustomize.KustomizeTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourcesTest {
    @TempDir
    static Path root;

    static GitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GitHttpServer.startAnonymous(Files.createDirectories(root.resolve("repos")));
        server.createRepository("config", Map.of(
                "apps/api/deployment.yaml", KustomizeTest.DEPLOYMENT,
                "apps/api/kustomization.yaml", "resources: [deployment.yaml]\nnamePrefix: dev-\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Source source(String revision) {
        return Source.from(Map.of("repoURL", server.url("config").toString(), "targetRevision", revision, "path", "apps/api"),
                "app.yaml: spec.source");
    }

    @Test
    void rendersACommitOnceAndANewCommitAgain(@TempDir Path cache) throws Exception {
        GitSources sources = new GitSources(cache, 100);
        Path bare = server.repository("config");
        String main = GitHttpServer.git(bare, "rev-parse", "main").trim();

        GitSources.Rendering first = sources.render(source("main"));
        GitSources.Rendering second = sources.render(source("main"));

        assertThat(first.commit()).isEqualTo(main);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(first.manifests()).extracting(Manifest::name).containsExactly("dev-api");
        assertThat(sources.render(source(main)).commit()).isEqualTo(main);

        Path work = Files.createTempDirectory(root, "work");
        GitHttpServer.git(work, "clone", "--quiet", bare.toString(), ".");
        Files.writeString(work.resolve("apps/api/kustomization.yaml"), "resources: [deployment.yaml]\nnamePrefix: qa-\n");
        GitHttpServer.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", "qa");
        GitHttpServer.git(work, "tag", "v2");
        GitHttpServer.git(work, "push", "--quiet", "origin", "main", "v2");

        GitSources.Rendering third = sources.render(source("main"));
        assertThat(third.cached()).isFalse();
        assertThat(third.manifests()).extracting(Manifest::name).containsExactly("qa-api");
        assertThat(sources.render(source("v2")).commit()).isEqualTo(third.commit());
        assertThat(sources.render(source(main)).manifests()).extracting(Manifest::name).containsExactly("dev-api");
    }

    @Test
    void withARevisionCacheApplicationsOfOneRepositoryShareOneLsRemoteAndAnUnmovedRepositoryIsNotFetched(@TempDir Path cache)
            throws Exception {
        server.createRepository("shared", Map.of(
                "a/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
                "b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
        GitSources sources = new GitSources(cache, 100).withRevisionCache(java.time.Duration.ofMinutes(3));
        java.util.function.Function<String, Source> app = path -> Source.from(Map.of("repoURL",
                server.url("shared").toString(), "targetRevision", "main", "path", path), "app.yaml: spec.source");

        sources.render(app.apply("a"));
        sources.render(app.apply("b"));
        sources.render(app.apply("a"));
        // The first render clones; the others reuse what the server said (one ls-remote) and fetch nothing.
        assertThat(sources.counts()).isEqualTo(new io.gitopsbridge.git.Mirrors.Counts(1, 1));
        assertThat(sources.render(app.apply("b")).cached()).isTrue();

        Path work = Files.createTempDirectory(root, "work");
        GitHttpServer.git(work, "clone", "--quiet", server.repository("shared").toString(), ".");
        Files.writeString(work.resolve("a/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a2\n");
        GitHttpServer.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", "a2");
        GitHttpServer.git(work, "push", "--quiet", "origin", "main");
        assertThat(sources.render(app.apply("a")).manifests()).extracting(Manifest::name).containsExactly("a");

        // A hard refresh asks again: the refs moved, so this time it fetches, and renders the new commit once.
        sources.forget(server.url("shared").toString());
        assertThat(sources.render(app.apply("a")).manifests()).extracting(Manifest::name).containsExactly("a2");
        assertThat(sources.render(app.apply("b")).cached()).isFalse();
        assertThat(sources.counts()).isEqualTo(new io.gitopsbridge.git.Mirrors.Counts(2, 2));
        // Sources with other credentials share the mirror but not what the server told these.
        GitSources other = sources.withAuth(url -> io.gitopsbridge.git.GitAuth.NONE);
        other.render(app.apply("a"));
        assertThat(other.counts()).isEqualTo(new io.gitopsbridge.git.Mirrors.Counts(3, 2));
    }

    @Test
    void multiSourceTakesHelmValueFilesFromTheRefSource(@TempDir Path cache) throws Exception {
        Map<String, String> chart = new java.util.HashMap<>();
        HelmChartTest.chart().files().forEach(chart::put);
        server.createRepository("charts", chart);
        server.createRepository("values", Map.of("envs/prod/api.yaml", "replicas: 5\nlogLevel: error\n"));
        java.util.List<Source> sources = java.util.List.of(
                Source.from(Map.of("repoURL", server.url("charts").toString(), "path", "charts/api",
                        "helm", Map.of("valueFiles", java.util.List.of("$values/envs/prod/api.yaml"))), "spec.sources[0]"),
                Source.from(Map.of("repoURL", server.url("values").toString(), "targetRevision", "main", "ref", "values"),
                        "spec.sources[1]"));

        java.util.List<GitSources.Rendering> out = new GitSources(cache, 10).render(sources, "api", "prod");

        assertThat(out).hasSize(1);
        Manifest d = out.get(0).manifests().stream().filter(m -> m.kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(Objects2.get(d.object(), "spec", "replicas")).isEqualTo(5);
        assertThat(d.namespace()).isEqualTo("prod");
        java.util.List<Source> dangling = java.util.List.of(Source.from(Map.of("repoURL", server.url("charts").toString(),
                "path", "charts/api", "helm", Map.of("valueFiles", java.util.List.of("$other/x.yaml"))), "spec.sources[0]"));
        assertThatThrownBy(() -> new GitSources(cache, 10).render(dangling, "api", "prod"))
                .hasMessage("path 'charts/api': value file '$other/x.yaml' names source 'other', but no source has ref: other");
    }

    @Test
    void anUnknownRevisionIsNamed(@TempDir Path cache) {
        assertThatThrownBy(() -> new GitSources(cache, 10).render(source("release-9")))
                .hasMessage("revision 'release-9' does not exist in " + server.url("config"));
    }

    @Test
    void aPrivateRepositoryNeedsCredentialsEvenWhenItsRenderingIsCached(@TempDir Path dir) throws Exception {
        String token = "canary-token-sources-5c1";
        try (GitHttpServer secured = GitHttpServer.start(Files.createDirectories(dir.resolve("repos")), "ci", token)) {
            secured.createRepository("private", Map.of("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\n"));
            Source s = Source.from(Map.of("repoURL", secured.url("private").toString(), "targetRevision", "HEAD", "path", "app"),
                    "app.yaml: spec.source");
            GitSources anonymous = new GitSources(dir.resolve("cache"), 8);
            GitSources authenticated = anonymous.withAuth(url -> new io.gitopsbridge.git.GitAuth.UsernamePassword("ci", token));

            assertThatThrownBy(() -> anonymous.render(s)).isInstanceOf(RenderException.class)
                    .hasMessageStartingWith("Cannot fetch " + secured.url("private"));
            assertThat(authenticated.render(s).manifests()).extracting(Manifest::name).containsExactly("p");
            assertThatThrownBy(() -> anonymous.render(s)).as("the cached rendering is not served without access")
                    .isInstanceOf(RenderException.class).hasMessageNotContaining(token);
        }
    }

    @Test
    void aRepositoryOnThisMachinesDiskIsNotRendered(@TempDir Path cache) {
        String local = server.repository("config").toUri().toString();
        Source s = Source.from(Map.of("repoURL", local, "targetRevision", "main", "path", "app"), "app.yaml: spec.source");

        assertThatThrownBy(() -> new GitSources(cache, 10).render(s)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("Repository '" + local + "' is not reachable over the network");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aGitServerThatAcceptsAndNeverAnswersFailsWithinTheTimeout(@TempDir Path cache) throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Accepts connections (the kernel's backlog does) and never writes a byte.
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/config.git";
            Source s = Source.from(Map.of("repoURL", url, "targetRevision", "main", "path", "app"), "app.yaml: spec.source");
            long start = System.nanoTime();

            assertThatThrownBy(() -> new GitSources(cache, 10).withTimeout(java.time.Duration.ofSeconds(2)).render(s))
                    .isInstanceOf(RenderException.class).hasMessageStartingWith("Cannot fetch " + url);

            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
        }
    }
}
