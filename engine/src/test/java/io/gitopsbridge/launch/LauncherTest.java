package io.gitopsbridge.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.taskrun.RecordingSink;
import io.gitopsbridge.taskrun.TaskRunResult;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import io.gitopsbridge.yaml.YamlException;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.taskrun.Retention;
import io.gitopsbridge.taskrun.RunOptions;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LauncherTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    private String ns;
    private TestKubelet kubelet;
    private Launcher launcher;
    private final RecordingSink sink = new RecordingSink();

    static final String TASK = """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata:
              name: package
            spec:
              params:
                - name: goals
                  type: array
                - name: version
              results:
                - name: artifact
              steps:
                - name: build
                  image: maven:3
                  args: ["$(params.goals[*])"]
            """;

    @BeforeEach
    void start() {
        ns = "launch-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        launcher = new Launcher(api.client(), PodOptions.defaults());
    }

    @AfterEach
    void stop() {
        launcher.close();
        kubelet.close();
    }

    @Test
    void runsATaskFromYamlWithParamsAsAJenkinsfileGivesThem() throws Exception {
        kubelet.script("step-build", ContainerRun.succeeds().withLog("BUILD SUCCESS\n"))
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                        TaskPods.resultsMessage(Map.of("artifact", "app-1.4.0.jar"), Map.of())));
        Definition task = RunFile.parse("package.yaml", TASK, TaskResolver.NONE, TaskResolver.NO_FILES).definition();
        Map<String, Object> given = Map.of("goals", List.of("clean", "package"), "version", 14);

        LaunchRequest request = LaunchRequest.of(task, ns, Params.typed(task.params(), given))
                .withMetadata(Map.of("gitops-bridge.io/build", "14"), Map.of())
                .withOptions(PipelineOptions.DEFAULT.withTaskOptions(RunOptions.DEFAULT.withRetention(Retention.KEEP_ALL)));
        Launch launch = launcher.start(request, sink);
        Outcome outcome = launch.outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.results()).containsExactly(Map.entry("artifact", "app-1.4.0.jar"));
        assertThat(sink.lines()).containsExactly("> build", "[build] BUILD SUCCESS");
        assertThat(launch.runName()).matches("package-[0-9a-z]{5}");
        Pod pod = api.client().pods().inNamespace(ns).withName(launch.runName() + "-pod").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("gitops-bridge.io/build", "14");
        assertThat(pod.getSpec().getInitContainers().get(0).getArgs()).containsExactly("clean", "package");
    }

    @Test
    void runsAPipelineWhoseTaskRefIsResolvedFromOtherFiles() throws Exception {
        kubelet.script("step-build", ContainerRun.succeeds())
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                        TaskPods.resultsMessage(Map.of("artifact", "a.jar"), Map.of())));
        TaskResolver files = TaskResolver.files(new TaskResolver.Files() {
            @Override
            public Optional<String> read(String path) {
                return path.equals("package/0.2/package.yaml") ? Optional.of(TASK) : Optional.empty();
            }

            @Override
            public List<String> directories(String path) {
                return path.equals("package") ? List.of("0.1", "0.2") : List.of();
            }
        });
        Definition pipeline = RunFile.parse("ci.yaml", """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: ci}
                spec:
                  results:
                    - {name: jar, value: $(tasks.package.results.artifact)}
                  tasks:
                    - name: package
                      taskRef: {name: package}
                      params:
                        - {name: goals, value: [verify]}
                        - {name: version, value: "1"}
                """, files, TaskResolver.NO_FILES).definition();

        Outcome outcome = launcher.start(LaunchRequest.of(pipeline, ns, Map.of()), sink).outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.results()).containsExactly(Map.entry("jar", "a.jar"));
    }

    @Test
    void cancellingDeletesThePodAndSaysWhichStepWasRunning() throws Exception {
        kubelet.script("step-build", ContainerRun.succeeds().runningUntil(new CompletableFuture<>()));
        Definition task = RunFile.parse("package.yaml", TASK, TaskResolver.NONE, TaskResolver.NO_FILES).definition();
        Launch launch = launcher.start(LaunchRequest.of(task, ns,
                Params.typed(task.params(), Map.of("goals", "verify", "version", "1"))), sink);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sink.lines().contains("> build") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sink.lines()).contains("> build");

        launch.cancel("Aborted by alice");
        Outcome outcome = launch.outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(TaskRunResult.Status.CANCELLED);
        assertThat(outcome.message()).contains("Aborted by alice").contains("'build'");
        assertThat(api.client().pods().inNamespace(ns).withName(launch.runName() + "-pod").get()).isNull();
    }

    @Test
    void aDocumentOfAnotherKindIsRefusedWithItsLine() {
        assertThatThrownBy(() -> RunFile.parse("app.yaml", "apiVersion: v1\nkind: ConfigMap\n", TaskResolver.NONE, TaskResolver.NO_FILES).definition())
                .isInstanceOf(YamlException.class)
                .hasMessage("app.yaml:2: kind: kind ConfigMap is not a Tekton Task, Pipeline, StepAction, TaskRun or PipelineRun;"
                        + " 'run' does not create other objects: create it with kubectl first");
    }

    @Test
    void paramValuesMustFitTheirDeclaredType() {
        Definition task = RunFile.parse("package.yaml", TASK, TaskResolver.NONE, TaskResolver.NO_FILES).definition();
        assertThatThrownBy(() -> Params.typed(task.params(), Map.of("version", List.of("1", "2"))))
                .hasMessage("param 'version' is declared string but was given a list");
        assertThatThrownBy(() -> Params.typed(task.params(), Map.of("goals", Map.of("a", "b"))))
                .hasMessage("param 'goals' is declared array but was given a map");
        assertThatThrownBy(() -> Params.typed(task.params(), Map.of("goals", List.of("a", List.of()))))
                .hasMessage("param 'goals' is an array of strings; item 1 is not a string");
        assertThat(Params.typed(task.params(), Map.of("goals", "clean,verify")))
                .containsExactly(Map.entry("goals", new ParamValue.Array(List.of("clean", "verify"))));
        assertThat(Params.typed(List.of(), Map.of("flag", true)))
                .containsExactly(Map.entry("flag", new ParamValue.Text("true")));
    }

    @Test
    void workspaceSpecsAreParsedOrRefusedByName() {
        assertThat(WorkspaceSpec.parse("src", "pvc:cache")).isEqualTo(new WorkspaceSpec.Bound(new WorkspaceBinding.Pvc("cache", null)));
        assertThat(WorkspaceSpec.parse("src", "emptyDir")).isEqualTo(new WorkspaceSpec.Bound(new WorkspaceBinding.EmptyDir()));
        assertThat(WorkspaceSpec.parse("shared", "claim:1Gi")).isInstanceOf(WorkspaceSpec.Claim.class);
        assertThatThrownBy(() -> WorkspaceSpec.parse("src", "nfs:server"))
                .hasMessage("workspace 'src': 'nfs:server' is not emptyDir, pvc:CLAIM, secret:NAME, configmap:NAME or claim:SIZE");
        assertThatThrownBy(() -> WorkspaceSpec.parse("src", "pvc:"))
                .hasMessage("workspace 'src': 'pvc:' needs a value after ':'");
        assertThatThrownBy(() -> WorkspaceSpec.parse("shared", "claim:lots"))
                .hasMessage("workspace 'shared': 'lots' is not a size such as 1Gi");
    }

    @Test
    void aTaskCannotTakeAClaimTemplate() {
        Definition task = RunFile.parse("package.yaml", TASK, TaskResolver.NONE, TaskResolver.NO_FILES).definition();
        LaunchRequest request = LaunchRequest.of(task, ns, Map.of()).withWorkspaces(Map.of("src", WorkspaceSpec.parse("src", "claim:1Gi")));
        assertThatThrownBy(() -> launcher.start(request, sink))
                .hasMessage("workspace 'src': a claim made for the run (claim:SIZE, volumeClaimTemplate) is for Pipelines;"
                        + " bind a Task's workspace to pvc:CLAIM or emptyDir");
    }

    @Test
    void unreadableTaskFilesAreReportedWithTheTaskName() {
        TaskResolver broken = TaskResolver.files(new TaskResolver.Files() {
            @Override
            public Optional<String> read(String path) throws IOException {
                throw new IOException("agent went offline");
            }

            @Override
            public List<String> directories(String path) {
                return List.of();
            }
        });
        assertThatThrownBy(() -> broken.find("git-clone")).hasMessage("Cannot read Task 'git-clone': agent went offline");
    }
}
