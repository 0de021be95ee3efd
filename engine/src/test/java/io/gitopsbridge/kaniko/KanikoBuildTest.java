package io.gitopsbridge.kaniko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.source.GitSource;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunResult;
import io.gitopsbridge.taskrun.TaskRunner;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.LocalNode;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KanikoBuildTest {
    private static final String EXECUTOR = "registry.example.com/tools/kaniko-executor:v1.25.0";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String TOKEN = "canary-token-registry-a11c-do-not-print";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static KanikoBuild build() {
        return new KanikoBuild(EXECUTOR, "services/api", "docker/Dockerfile",
                List.of("registry.example.com:5000/team/api:1.4.0", "registry.example.com:5000/team/api:latest"),
                Map.of("VERSION", "1.4.0", "PRICE", "$(cost)"), "runtime", true, "registry.example.com:5000/cache",
                List.of("registry.example.com:5000"), Map.of("registry.example.com:5000", new KanikoBuild.RegistryCredentials("ci", TOKEN),
                        "docker.io", new KanikoBuild.RegistryCredentials("hub", "hub-token")), List.of("--snapshot-mode=redo"));
    }

    @Test
    void theExecutorRunsWithItsOwnEntrypointAndTheGivenFlags() {
        TaskRunRequest request = build().request("api-9", "ci").withWorkspaces(Map.of("source", new WorkspaceBinding.EmptyDir()));
        request = request.extend(request.task(), Map.of("dockerconfig", new WorkspaceBinding.Secret("api-9-docker")), List.of());
        Pod pod = new PodBuilder(PodOptions.defaults()).build(request, 0, "uid");
        Container kaniko = pod.getSpec().getInitContainers().get(0);

        assertThat(kaniko.getImage()).isEqualTo(EXECUTOR);
        assertThat(kaniko.getCommand()).as("the executor image has no shell: keep its entrypoint").isNull();
        assertThat(kaniko.getArgs().stream().map(a -> LocalNode.expand(a, Map.of("cost", "0")))).containsExactly(
                "--dockerfile=docker/Dockerfile",
                "--context=dir:///workspace/source/services/api",
                "--destination=registry.example.com:5000/team/api:1.4.0",
                "--destination=registry.example.com:5000/team/api:latest",
                "--build-arg=PRICE=$(cost)",
                "--build-arg=VERSION=1.4.0",
                "--target=runtime",
                "--cache=true",
                "--cache-repo=registry.example.com:5000/cache",
                "--insecure-registry=registry.example.com:5000",
                "--snapshot-mode=redo",
                "--digest-file=/tekton/results/IMAGE_DIGEST");
        assertThat(kaniko.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/kaniko/.docker");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.toString()).doesNotContain(TOKEN);
    }

    @Test
    void registryCredentialsBecomeADockerConfigSecret() throws Exception {
        TaskRunRequest request = build().request("api-9", "ci");

        assertThat(request.secrets()).hasSize(1);
        var secret = request.secrets().get(0);
        assertThat(secret.getMetadata().getName()).isEqualTo("api-9-docker");
        JsonNode config = new ObjectMapper().readTree(secret.getStringData().get("config.json"));
        assertThat(new String(Base64.getDecoder().decode(config.at("/auths/registry.example.com:5000/auth").asText())))
                .isEqualTo("ci:" + TOKEN);
        assertThat(config.at("/auths").has("https://index.docker.io/v1/")).as("Docker Hub's key").isTrue();
        assertThat(build().credentials().toString()).doesNotContain(TOKEN);
    }

    @Test
    void buildsFromSourceAndReturnsTheDigest() throws Exception {
        String ns = "kaniko";
        try (TestKubelet kubelet = TestKubelet.start(api, ns); TaskRunner runner = new TaskRunner(api.client(), PodOptions.defaults())) {
            kubelet.script("step-build-and-push", ContainerRun.succeeds().withLog("INFO Pushed registry.example.com:5000/team/api@" + DIGEST + "\n"))
                    .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                            .withTerminationMessage(TaskPods.resultsMessage(Map.of("IMAGE_DIGEST", DIGEST + "\n"), Map.of())));
            KanikoBuild build = build();
            TaskRunRequest request = new GitSource("https://git.example.com/api.git", "a".repeat(40), null, "alpine/git")
                    .prepend(build.request("api-10", ns));

            TaskRunResult run = runner.run(request, RunOptions.DEFAULT, LogSink.NONE);
            KanikoBuild.Result result = build.result(Outcome.of(run));

            assertThat(result.digest()).isEqualTo(DIGEST);
            assertThat(result.imageReference()).isEqualTo("registry.example.com:5000/team/api@" + DIGEST);
            assertThat(run.steps()).extracting(s -> s.step()).containsExactly("source", "build-and-push");
            assertThat(api.client().secrets().inNamespace(ns).withName("api-10-docker").get()).isNull();
        }
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> KanikoBuild.of(" ", ".", List.of("a/b:1")))
                .hasMessage("No Kaniko executor image is configured; set one (the upstream project is archived and"
                        + " publishes no images: use a maintained fork's or your own)");
        assertThatThrownBy(() -> KanikoBuild.of(EXECUTOR, ".", List.of()))
                .hasMessage("A Kaniko build needs at least one destination image");
        assertThatThrownBy(() -> KanikoBuild.of(EXECUTOR, ".", List.of("Registry.Example.com/App:1 ")))
                .hasMessage("Destination 'Registry.Example.com/App:1 ' is not an image reference such as registry.example.com/team/app:1.4.0");
        KanikoBuild b = KanikoBuild.of(EXECUTOR, ".", List.of("r/a:1"));
        assertThatThrownBy(() -> b.result(new Outcome(TaskRunResult.Status.SUCCEEDED, "ok", Map.of())))
                .hasMessage("Kaniko reported no image digest (got ''); was --no-push given?");
    }
}
