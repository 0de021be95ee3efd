package io.gitopsbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.testing.GitHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-backs against a real Git HTTP server with Basic authentication. */
class WriteBackTest {
    private static final String USER = "deployer";
    private static final String PASSWORD = "canary-token-writeback-41c9";
    private static final GitAuth AUTH = new GitAuth.UsernamePassword(USER, PASSWORD);
    private static final WriteBackRequest.Identity CI = new WriteBackRequest.Identity("GitOps Bridge", "ci@example.com");

    @TempDir
    static Path root;

    static GitHttpServer server;
    private static int counter;

    @BeforeAll
    static void start() throws Exception {
        server = GitHttpServer.start(Files.createDirectories(root.resolve("repos")), USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String repo(Map<String, String> files) throws Exception {
        String name = "config-" + ++counter;
        server.createRepository(name, files);
        return name;
    }

    private static String show(String repo, String file) throws Exception {
        return GitHttpServer.git(server.repository(repo), "show", "main:" + file);
    }

    private static String git(String repo, String... args) throws Exception {
        return GitHttpServer.git(server.repository(repo), args);
    }

    @Test
    void editsSeveralFilesInOneCommitWithTemplateAndTrailers(@TempDir Path cache) throws Exception {
        String values = "# api chart values\nimage:\n  repository: registry.example.com/team/api\n  tag: \"1.4.0\"  # bumped by CI\n";
        String kustomization = "resources:\n- ../base\nimages:\n- name: worker\n  newTag: 1.4.0\n";
        String repo = repo(Map.of("apps/api/values.yaml", values, "apps/worker/kustomization.yaml", kustomization));
        List<Edit> edits = List.of(
                new Edit.SetValue("apps/api/values.yaml", "image.tag", "1.5.0", false),
                new Edit.KustomizeImage("apps/worker/kustomization.yaml", "worker", null, "1.5.0", null));
        WriteBackRequest request = WriteBackRequest.of(server.url(repo).toString(), "main", AUTH, edits, CI)
                .withMessage("api ${oldTag} → ${newTag}", Map.of("oldTag", "1.4.0", "newTag", "1.5.0",
                        "buildUrl", "https://ci.example.com/job/api/42/", "sourceCommit", "a".repeat(40)));
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        WriteBackResult result = new WriteBack(cache).run(request, log::add);

        assertThat(result.changed()).isTrue();
        assertThat(result.files()).containsExactly("apps/api/values.yaml", "apps/worker/kustomization.yaml");
        assertThat(show(repo, "apps/api/values.yaml")).isEqualTo(values.replace("1.4.0", "1.5.0"));
        assertThat(show(repo, "apps/worker/kustomization.yaml")).isEqualTo(kustomization.replace("1.4.0", "1.5.0"));
        assertThat(git(repo, "log", "-1", "--format=%B%n--%an <%ae>", "main")).isEqualTo("""
                api 1.4.0 → 1.5.0

                GitOps-Bridge-Build: https://ci.example.com/job/api/42/
                GitOps-Bridge-Source-Commit: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

                --GitOps Bridge <ci@example.com>
                """);
        assertThat(git(repo, "rev-parse", "main").trim()).isEqualTo(result.commit());
        assertThat(String.join("\n", log)).doesNotContain(PASSWORD);
    }

    @Test
    void noChangeMeansNoCommit(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("values.yaml", "image:\n  tag: \"2.0\"\n"));
        String before = git(repo, "rev-parse", "main").trim();

        WriteBackResult result = new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("values.yaml", "image.tag", "2.0", false)), CI), s -> {});

        assertThat(result.changed()).isFalse();
        assertThat(result.commit()).isEqualTo(before);
        assertThat(git(repo, "rev-parse", "main").trim()).isEqualTo(before);
    }

    @Test
    void anEditThatDoesNotApplyPushesNothingAndNamesTheProblem(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("a.yaml", "image:\n  tag: \"1\"\n", "b.yaml", "replicas: 1\n"));
        String before = git(repo, "rev-parse", "main").trim();
        WriteBackRequest request = WriteBackRequest.of(server.url(repo).toString(), "main", AUTH, List.of(
                new Edit.SetValue("a.yaml", "image.tag", "2", false),
                new Edit.SetValue("b.yaml", "image.tag", "2", false)), CI);

        assertThatThrownBy(() -> new WriteBack(cache).run(request, s -> {}))
                .isInstanceOf(WriteBackException.class).hasMessage("b.yaml: image.tag: not found");
        assertThat(git(repo, "rev-parse", "main").trim()).isEqualTo(before);
        assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("../outside.yaml", "a", "b", true)), CI), s -> {}))
                .hasMessage("../outside.yaml: not a file inside the repository");
    }

    @Test
    void aSymbolicLinkInTheRepositoryIsNeverFollowed(@TempDir Path cache, @TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("credentials.yaml"), "image:\n  tag: \"secret\"\n");
        String repo = repo(Map.of("apps/api/real.yaml", "image:\n  tag: \"1\"\n"));
        Path work = Files.createTempDirectory(root, "links");
        GitHttpServer.git(work, "clone", "--quiet", server.repository(repo).toString(), ".");
        Files.createSymbolicLink(work.resolve("values.yaml"), secret);
        Files.createSymbolicLink(work.resolve("linked"), outside);
        GitHttpServer.git(work, "add", "--all");
        GitHttpServer.git(work, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "links");
        GitHttpServer.git(work, "push", "--quiet", "origin", "main");
        String before = git(repo, "rev-parse", "main").trim();

        assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("values.yaml", "image.tag", "2", false)), CI), s -> {}))
                .isInstanceOf(WriteBackException.class)
                .hasMessage("values.yaml: values.yaml is a symbolic link in the repository; write-back edits only regular"
                        + " files, so links are never followed");
        assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("linked/new.yaml", "image.tag", "2", true)), CI), s -> {}))
                .hasMessageStartingWith("linked/new.yaml: linked is a symbolic link in the repository");

        assertThat(Files.readString(secret)).isEqualTo("image:\n  tag: \"secret\"\n");
        assertThat(outside.resolve("new.yaml")).doesNotExist();
        assertThat(git(repo, "rev-parse", "main").trim()).isEqualTo(before);
    }

    @Test
    void aRepositoryOnThisMachinesDiskIsRefusedBeforeAnythingIsRead(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("values.yaml", "tag: \"1\"\n"));
        for (String url : List.of(server.repository(repo).toUri().toString(), server.repository(repo).toString())) {
            assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(url, "main", AUTH,
                    List.of(new Edit.SetValue("values.yaml", "tag", "2", false)), CI), s -> {}))
                    .isInstanceOf(WriteBackException.class)
                    .hasMessageStartingWith("Repository '" + url + "' is not reachable over the network: local paths and"
                            + " file: URLs would read this machine's disk");
        }
        try (var left = Files.list(cache)) {
            assertThat(left.filter(p -> !p.getFileName().toString().endsWith(".lock"))).isEmpty();
        }
    }

    @Test
    void refusedCredentialsAreReportedWithoutTheSecret(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("values.yaml", "tag: \"1\"\n"));
        String wrong = "canary-token-writeback-wrong-0b7e";
        WriteBackRequest request = WriteBackRequest.of(server.url(repo).toString(), "main",
                new GitAuth.UsernamePassword(USER, wrong), List.of(new Edit.SetValue("values.yaml", "tag", "2", false)), CI);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> new WriteBack(cache).run(request, s -> {}));

        assertThat(thrown).isInstanceOf(WriteBackException.class)
                .hasMessage("Authentication to " + server.url(repo) + " failed: the credentials were refused or are missing");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        thrown.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
        assertThat(trace.toString(StandardCharsets.UTF_8)).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void eightConcurrentWritersAllLandOnALinearHistory(@TempDir Path caches) throws Exception {
        StringBuilder values = new StringBuilder("# one tag per service\n");
        for (int i = 0; i < 8; i++) {
            values.append("svc").append(i).append(":\n  tag: \"0.0.0\"\n");
        }
        String repo = repo(Map.of("values.yaml", values.toString()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<WriteBackResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                // A cache each, as eight agents or controllers would have.
                results.add(threads.submit(() -> new WriteBack(caches.resolve("c" + n)).run(WriteBackRequest.of(
                        server.url(repo).toString(), "main", AUTH,
                        List.of(new Edit.SetValue("values.yaml", "svc" + n + ".tag", "1." + n + ".0", false)), CI), s -> {})));
            }
            for (Future<WriteBackResult> r : results) {
                assertThat(r.get().changed()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        String file = show(repo, "values.yaml");
        for (int i = 0; i < 8; i++) {
            assertThat(file).contains("svc" + i + ":\n  tag: \"1." + i + ".0\"\n");
        }
        assertThat(git(repo, "rev-list", "--count", "main").trim()).isEqualTo("9");
        assertThat(git(repo, "rev-list", "--merges", "main").trim()).as("no merge commits").isEmpty();
    }

    @Test
    void aRacedWriterWhoseValueIsAlreadyThereSucceedsAsANoOp(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("values.yaml", "image:\n  tag: \"1\"\n"));
        Edit edit = new Edit.SetValue("values.yaml", "image.tag", "2", false);
        WriteBack writer = new WriteBack(cache);
        writer.run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH, List.of(edit), CI), s -> {});

        WriteBackResult again = new WriteBack(cache.resolve("other")).run(
                WriteBackRequest.of(server.url(repo).toString(), "main", AUTH, List.of(edit), CI), s -> {});

        assertThat(again.changed()).isFalse();
        assertThat(git(repo, "rev-list", "--count", "main").trim()).isEqualTo("2");
    }

    @Test
    void pushingToANewBranchLeavesTheTargetAlone(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("values.yaml", "image:\n  tag: \"1\"\n"));
        String before = git(repo, "rev-parse", "main").trim();

        WriteBackResult result = new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("values.yaml", "image.tag", "2", false)), CI)
                .withMessage("api ${newTag}", Map.of("newTag", "2"))
                .withPushBranch("gitops/api-${newTag}"), s -> {});

        assertThat(result.branch()).isEqualTo("gitops/api-2");
        assertThat(git(repo, "rev-parse", "main").trim()).isEqualTo(before);
        assertThat(git(repo, "show", "gitops/api-2:values.yaml")).isEqualTo("image:\n  tag: \"2\"\n");
    }

    @Test
    void templatesNameUnknownVariables() {
        assertThatThrownBy(() -> CommitMessage.render("deploy ${tag}", Map.of("newTag", "1", "image", "api")))
                .hasMessage("message template: no value for ${tag}; known: image, newTag");
    }

    @Test
    void commitsWithoutAWorkTreeKeepingModesAndGitsTreeOrder(@TempDir Path cache) throws Exception {
        String repo = repo(Map.of("a.yaml", "image:\n  tag: \"1\"\n", "a-b.yaml", "x: 1\n", "a/values.yaml", "image:\n  tag: \"1\"\n",
                "a0.yaml", "x: 1\n"));
        Path work = Files.createTempDirectory(root, "work");
        GitHttpServer.git(work, "clone", "--quiet", server.repository(repo).toString(), ".");
        GitHttpServer.git(work, "update-index", "--chmod=+x", "a.yaml");
        GitHttpServer.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "executable");
        GitHttpServer.git(work, "push", "--quiet", "origin", "main");

        WriteBackResult result = new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH, List.of(
                new Edit.SetValue("a.yaml", "image.tag", "2", false),
                new Edit.SetValue("a/values.yaml", "image.tag", "2", false),
                new Edit.ArgoHelmParameter("envs/prod/new/.argocd-source-api.yaml", "image.tag", "2")), CI), s -> {});

        assertThat(result.files()).containsExactly("a.yaml", "a/values.yaml", "envs/prod/new/.argocd-source-api.yaml");
        // The tree a and the files a.yaml, a-b.yaml, a0.yaml sort as Git sorts them ("a/" after "a-b.yaml" and "a.yaml").
        git(repo, "fsck", "--strict", "--no-dangling");
        assertThat(git(repo, "ls-tree", "main")).containsSubsequence("a-b.yaml", "a.yaml", "a\n", "a0.yaml", "envs");
        assertThat(git(repo, "ls-tree", "main", "a.yaml")).startsWith("100755 blob");
        assertThat(show(repo, "a/values.yaml")).isEqualTo("image:\n  tag: \"2\"\n");
        assertThat(show(repo, "envs/prod/new/.argocd-source-api.yaml")).contains("name: image.tag");
        try (var files = Files.walk(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing checked out in the cache")
                    .doesNotContain("a.yaml", "values.yaml", "a-b.yaml");
        }
        assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("a0.yaml/x.yaml", "x", "2", false)), CI), s -> {}))
                .hasMessage("a0.yaml/x.yaml: a0.yaml is a file in the repository, not a directory");
        assertThatThrownBy(() -> new WriteBack(cache).run(WriteBackRequest.of(server.url(repo).toString(), "main", AUTH,
                List.of(new Edit.SetValue("a", "x", "2", false)), CI), s -> {}))
                .hasMessage("a: a is a directory in the repository");
    }
}
