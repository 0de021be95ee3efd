package io.gitopsbridge.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunner;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.LocalNode;
import io.gitopsbridge.testing.TestKubelet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {
    private static final String PASSWORD = "canary-token-git-5e1b-do-not-print";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    static final Task BUILD = new Task("build", TektonParser.taskSpec("build.yaml", """
            steps:
              - name: compile
                image: maven:3
                workingDir: $(workspaces.source.path)
                script: mvn -B package
            workspaces:
              - name: source
            """), "build.yaml");

    private static GitSource source(String url, String commit, GitCredentials credentials) {
        return new GitSource(url, commit, credentials, "registry.example.com/alpine/git:2.47");
    }

    @Test
    void aFirstStepClonesIntoTheSourceWorkspaceWithCredentialsFromASecret() {
        TaskRunRequest request = source("https://git.example.com/app.git", SHA,
                new GitCredentials.UsernamePassword("ci", PASSWORD)).prepend(TaskRunRequest.of("app-42", "ci", BUILD, Map.of()));

        assertThat(request.task().spec().steps()).extracting(s -> s.name()).containsExactly("source", "compile");
        assertThat(request.secrets()).hasSize(1);
        assertThat(request.secrets().get(0).getMetadata().getName()).isEqualTo("app-42-git");
        assertThat(request.secrets().get(0).getStringData()).containsEntry("password", PASSWORD);
        Pod pod = new PodBuilder(PodOptions.defaults()).build(request.withWorkspaces(Map.of("source",
                new io.gitopsbridge.pod.WorkspaceBinding.EmptyDir())), 0, "uid");
        assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName).startsWith("place-scripts", "step-source");
        Container clone = pod.getSpec().getInitContainers().get(1);
        assertThat(clone.getImage()).isEqualTo("registry.example.com/alpine/git:2.47");
        assertThat(clone.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GIT_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("app-42-git");
        });
        assertThat(pod.toString()).doesNotContain(PASSWORD);
        assertThat(request.secrets().get(0).toString()).as("only the Secret holds it").contains(PASSWORD);
    }

    @Test
    void theCloneStepReallyFetchesTheCommitOverAuthenticatedHttp(@TempDir Path dir) throws Exception {
        try (GitHttpServer git = GitHttpServer.start(Files.createDirectories(dir.resolve("repos")), "ci", PASSWORD)) {
            git.createRepository("app", Map.of("pom.xml", "<project/>\n"));
            String sha = GitHttpServer.git(git.repository("app"), "rev-parse", "main").trim();
            TaskRunRequest request = source(git.url("app").toString(), sha, new GitCredentials.UsernamePassword("ci", PASSWORD))
                    .prepend(TaskRunRequest.of("app-1", "ci", BUILD, Map.of()));
            Pod pod = new PodBuilder(PodOptions.defaults()).build(request.withWorkspaces(Map.of("source",
                    new io.gitopsbridge.pod.WorkspaceBinding.EmptyDir())), 0, "uid");
            Path workspace = dir.resolve("workspace");

            LocalNode node = new LocalNode()
                    .secret(request.secrets().get(0))
                    .path("/tekton/scripts", Files.createDirectories(dir.resolve("scripts")))
                    .path("/workspace/source", workspace);
            node.runOk(pod.getSpec().getInitContainers().get(0));
            LocalNode.Result result = node.run(pod.getSpec().getInitContainers().get(1));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("Checked out " + sha + " from " + git.url("app") + "\n");
            assertThat(workspace.resolve("pom.xml")).hasContent("<project/>");
            assertThat(result.stdout() + result.stderr()).doesNotContain(PASSWORD);
            assertThat(Files.readString(workspace.resolve(".git/config"))).doesNotContain(PASSWORD);
        }
    }

    @Test
    void theRunCreatesTheSecretForItsLifetimeOnly() throws Exception {
        String ns = "source-secret";
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (TestKubelet kubelet = TestKubelet.start(api, ns); TaskRunner runner = new TaskRunner(api.client(), PodOptions.defaults())) {
            kubelet.script("step-compile", ContainerRun.succeeds().runningUntil(release));
            TaskRunRequest request = source("https://git.example.com/app.git", SHA, new GitCredentials.UsernamePassword("ci", PASSWORD))
                    .prepend(TaskRunRequest.of("app-7", ns, BUILD, Map.of())
                            .withWorkspaces(Map.of("source", new io.gitopsbridge.pod.WorkspaceBinding.EmptyDir()))
                            .withMetadata(Map.of("gitops-bridge.io/build-id", "b1d"), Map.of()));
            var handle = runner.start(request, RunOptions.DEFAULT, LogSink.NONE);
            kubelet.awaitPhase("app-7-pod", "Pending", java.time.Duration.ofSeconds(10));

            var secret = api.client().secrets().inNamespace(ns).withName("app-7-git").get();
            assertThat(secret).isNotNull();
            // labelled like the run's Pods, so a restart's clean-up by build id deletes the credentials too
            assertThat(secret.getMetadata().getLabels()).containsEntry("gitops-bridge.io/build-id", "b1d")
                    .containsEntry("app.kubernetes.io/managed-by", "gitops-bridge");
            release.complete(null);
            // Beyond the runner's 10 s resync: the mock server sometimes drops a watch event.
            assertThat(handle.result().get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(api.client().secrets().inNamespace(ns).withName("app-7-git").get()).isNull();
        }
    }

    @Test
    void onlyExactCommitsAndFreeStepNamesAreAccepted() {
        assertThatThrownBy(() -> source("https://git.example.com/app.git", "main", null))
                .hasMessage("commit must be a full 40- or 64-character SHA, not 'main'; a branch name would make the build"
                        + " depend on when it ran");
        Task clash = new Task("t", TektonParser.taskSpec("t.yaml", "steps: [{name: source, image: x}]"), "t.yaml");
        assertThatThrownBy(() -> source("https://g/a.git", SHA, null).prepend(TaskRunRequest.of("r", "ci", clash, Map.of())))
                .hasMessage("Task 't' already has a step named 'source'; rename it to start the Task from source");
    }
}
