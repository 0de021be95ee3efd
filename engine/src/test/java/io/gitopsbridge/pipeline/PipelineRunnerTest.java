package io.gitopsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Retention;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunResult;
import io.gitopsbridge.taskrun.TaskRunner;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PipelineRunnerTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    private String ns;
    private TestKubelet kubelet;
    private TaskRunner tasks;
    private PipelineRunner pipelines;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LogSink sink = new LogSink() {
        @Override
        public void stepStarted(String step) {}

        @Override
        public void line(String step, String line) {}

        @Override
        public void event(String message) {
            events.add(message);
        }
    };
    private static final PipelineOptions KEEP = PipelineOptions.DEFAULT.withFailFast(false)
            .withMaxParallel(4);

    static Pipeline pipeline(String spec) {
        return PipelineParser.pipeline("p.yaml", "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: rel\nspec:\n"
                + spec.indent(2), TaskResolver.NONE);
    }

    static final String STEP = "steps: [{name: run, image: alpine, command: [\"true\"]}]";

    @BeforeEach
    void start() {
        ns = "pipes-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        tasks = new TaskRunner(api.client(), PodOptions.defaults());
        pipelines = new PipelineRunner(api.client(), tasks);
    }

    @AfterEach
    void stop() {
        pipelines.close();
        tasks.close();
        kubelet.close();
    }

    private PipelineRunResult run(Pipeline p, Map<String, ParamValue> params, PipelineOptions options) throws Exception {
        return pipelines.start(PipelineRunRequest.of("rel", ns, p, params), options, sink).result().get(30, TimeUnit.SECONDS);
    }

    private Pod pod(String name) {
        return api.client().pods().inNamespace(ns).withName(name).get();
    }

    private static PipelineOptions keepPods(PipelineOptions o) {
        return new PipelineOptions(o.maxParallel(), o.failFast(), RunOptions.DEFAULT.withRetention(Retention.KEEP_ALL));
    }

    @Test
    void arrayAndObjectResultsAreReadAsJsonAndPassedWholeOrByKey() throws Exception {
        Pipeline p = pipeline("""
                results:
                  - {name: tags, value: "$(tasks.build.results.tags[*])"}
                  - {name: first, value: "$(tasks.build.results.tags[0])"}
                  - {name: repo, value: "$(tasks.build.results.image.repo)"}
                tasks:
                  - name: build
                    taskSpec:
                      results:
                        - {name: tags, type: array}
                        - {name: image, type: object, properties: {repo: {type: string}, digest: {type: string}}}
                      steps: [{name: build, image: kaniko, command: ["true"]}]
                  - name: push
                    params:
                      - {name: tags, value: ["$(tasks.build.results.tags[*])", extra]}
                      - {name: digest, value: "$(tasks.build.results.image.digest)"}
                    taskSpec:
                      params: [{name: tags, type: array}, {name: digest}]
                      steps: [{name: push, image: crane, command: [crane, tag, "$(params.digest)"], args: ["$(params.tags[*])"]}]
                """);
        kubelet.script(TestKubelet.named("rel-build-pod"), TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                .withTerminationMessage(TaskPods.resultsMessage(Map.of("tags", "[\"1.4\",\"latest\"]",
                        "image", "{\"repo\":\"registry.example.com/app\",\"digest\":\"sha256:77aa\"}"), Map.of())));

        PipelineRunResult result = run(p, Map.of(), keepPods(KEEP));

        assertThat(result.status()).as(result.message()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.results()).containsEntry("tags", "[\"1.4\",\"latest\"]").containsEntry("first", "1.4")
                .containsEntry("repo", "registry.example.com/app");
        var push = pod("rel-push-pod").getSpec().getContainers().get(0);
        assertThat(push.getCommand()).containsExactly("crane", "tag", "sha256:77aa");
        assertThat(push.getArgs()).containsExactly("1.4", "latest", "extra");
    }

    @Test
    void thePipelineTimeoutCancelsRunningTasksAndStartsNoFinallyTask() throws Exception {
        Pipeline p = pipeline("""
                tasks:
                  - name: slow
                    taskSpec: {%s}
                finally:
                  - name: cleanup
                    taskSpec: {%s}
                """.formatted(STEP, STEP));
        kubelet.script(TestKubelet.named("rel-slow-pod"), "step-run", ContainerRun.succeeds().runningUntil(new CompletableFuture<>()));
        PipelineRunRequest request = PipelineRunRequest.of("rel", ns, p, Map.of());
        request = new PipelineRunRequest(request.runName(), request.namespace(), p, Map.of(), Map.of(), Map.of(),
                request.podTemplate(), Map.of(), request.taskTimeout(), java.time.Duration.ofSeconds(2), Map.of(), Map.of(), List.of());

        PipelineRunResult result = pipelines.start(request, KEEP, sink).result().get(30, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.TIMED_OUT);
        assertThat(result.message()).isEqualTo("Pipeline 'rel' timed out after 2s (PipelineRunTimeout)");
        assertThat(kubelet.events()).noneMatch(e -> e.startsWith("rel-cleanup-pod"));
    }

    @Test
    void pipelineResultsMayComeFromFinallyTasks() throws Exception {
        Pipeline p = pipeline("""
                results:
                  - {name: report, value: "$(finally.summary.results.url)"}
                tasks:
                  - name: test
                    taskSpec: {%s}
                finally:
                  - name: summary
                    params: [{name: outcome, value: $(tasks.test.status)}]
                    taskSpec:
                      params: [{name: outcome}]
                      results: [{name: url}]
                      steps: [{name: report, image: alpine, command: [echo, $(params.outcome)]}]
                """.formatted(STEP));
        kubelet.script(TestKubelet.named("rel-summary-pod"), TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                .withTerminationMessage(TaskPods.resultsMessage(Map.of("url", "https://ci.example.com/r/1"), Map.of())));

        PipelineRunResult result = run(p, Map.of(), keepPods(KEEP));

        assertThat(result.status()).as(result.message()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.results()).containsExactly(Map.entry("report", "https://ci.example.com/r/1"));
        assertThat(pod("rel-summary-pod").getSpec().getInitContainers().get(0).getCommand()).containsExactly("echo", "Succeeded");
        assertThatThrownBy(() -> pipeline("""
                results:
                  - {name: report, value: "$(finally.summary.results.nope)"}
                tasks:
                  - name: test
                    taskSpec: {%s}
                finally:
                  - name: summary
                    taskSpec: {%s}
                """.formatted(STEP, STEP))).hasMessageContaining("refers to result 'nope', which finally task 'summary' does not produce");
    }

    @Test
    void runsInDependencyOrderAndPassesResults() throws Exception {
        Pipeline p = pipeline("""
                params: [{name: version}]
                results:
                  - {name: image, value: "registry.example.com/app@$(tasks.build.results.digest)"}
                tasks:
                  - name: build
                    params: [{name: version, value: $(params.version)}]
                    taskSpec:
                      params: [{name: version}]
                      results: [{name: digest}]
                      steps: [{name: build, image: kaniko, args: ["--label=version=$(params.version)"]}]
                  - name: scan
                    taskSpec: {%s}
                  - name: deploy
                    runAfter: [scan]
                    params: [{name: image, value: "app@$(tasks.build.results.digest)"}]
                    taskSpec:
                      params: [{name: image}]
                      steps: [{name: apply, image: kubectl, args: ["set", "image", "$(params.image)"]}]
                """.formatted(STEP));
        kubelet.script(TestKubelet.named("rel-build-pod"), TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                .withTerminationMessage(TaskPods.resultsMessage(Map.of("digest", "sha256:77aa"), Map.of())));

        PipelineRunResult result = run(p, Map.of("version", new ParamValue.Text("2.0.1")), keepPods(KEEP));

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.results()).containsExactly(Map.entry("image", "registry.example.com/app@sha256:77aa"));
        assertThat(pod("rel-build-pod").getSpec().getInitContainers().get(0).getArgs()).containsExactly("--label=version=2.0.1");
        assertThat(pod("rel-deploy-pod").getSpec().getContainers().get(0).getArgs()).containsExactly("set", "image", "app@sha256:77aa");
        List<String> order = kubelet.events();
        assertThat(order.indexOf("rel-deploy-pod Running")).isGreaterThan(order.indexOf("rel-build-pod Succeeded"))
                .isGreaterThan(order.indexOf("rel-scan-pod Succeeded"));
        assertThat(pod("rel-deploy-pod").getMetadata().getLabels()).containsEntry("gitops-bridge.io/pipeline-run", "rel")
                .containsEntry("gitops-bridge.io/pipeline-task", "deploy");
    }

    @Test
    void whenSkipsATaskAndTasksNeedingItsResultsButNotThoseMerelyAfterIt() throws Exception {
        Pipeline p = pipeline("""
                params: [{name: deploy, default: "false"}]
                tasks:
                  - name: build
                    when: [{input: $(params.deploy), operator: in, values: ["true"]}]
                    taskSpec:
                      results: [{name: digest}]
                      %s
                  - name: uses-result
                    params: [{name: d, value: $(tasks.build.results.digest)}]
                    taskSpec: {params: [{name: d}], %s}
                  - name: after
                    runAfter: [build]
                    taskSpec: {%s}
                """.formatted(STEP, STEP, STEP));

        PipelineRunResult result = run(p, Map.of(), KEEP);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.skipped()).containsExactly(
                Map.entry("build", "when expression is false: 'false' not in [true]"),
                Map.entry("uses-result", "it needs results of 'build', which did not run"));
        assertThat(result.tasks()).containsOnlyKeys("after");
    }

    @Test
    void aFailureStopsNewTasksAndFinallyTasksSeeTheStatus() throws Exception {
        Pipeline p = pipeline("""
                tasks:
                  - {name: build, taskSpec: {%s}}
                  - {name: deploy, runAfter: [build], taskSpec: {%s}}
                finally:
                  - name: notify
                    params:
                      - {name: overall, value: $(tasks.status)}
                      - {name: build, value: $(tasks.build.status)}
                    taskSpec:
                      params: [{name: overall}, {name: build}]
                      steps: [{name: say, image: alpine, args: ["$(params.overall)", "$(params.build)"]}]
                """.formatted(STEP, STEP));
        kubelet.script(TestKubelet.named("rel-build-pod"), "step-run", ContainerRun.exits(1));

        PipelineRunResult result = run(p, Map.of(), keepPods(KEEP));

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.FAILED);
        assertThat(result.message()).isEqualTo("Pipeline 'rel' failed: task 'build': Step 'run' failed with exit code 1");
        assertThat(result.tasks()).containsOnlyKeys("build", "notify");
        assertThat(pod("rel-notify-pod").getSpec().getContainers().get(0).getArgs()).containsExactly("Failed", "Failed");
    }

    @Test
    void failFastCancelsRunningBranches() throws Exception {
        Pipeline p = pipeline("""
                tasks:
                  - {name: quick, taskSpec: {%s}}
                  - {name: slow, taskSpec: {%s}}
                """.formatted(STEP, STEP));
        kubelet.script(TestKubelet.named("rel-quick-pod"), "step-run", ContainerRun.exits(2).runningFor(java.time.Duration.ofMillis(300)));
        kubelet.script(TestKubelet.named("rel-slow-pod"), "step-run", ContainerRun.succeeds().runningUntil(new CompletableFuture<>()));

        PipelineRunResult result = run(p, Map.of(), KEEP.withFailFast(true));

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.FAILED);
        assertThat(result.tasks().get("slow").status()).isEqualTo(TaskRunResult.Status.CANCELLED);
        assertThat(result.tasks().get("slow").message()).startsWith("Task 'slow' was cancelled (fail-fast: task 'quick':");
        assertThat(pod("rel-slow-pod")).isNull();
    }

    @Test
    void aMatrixFansOutAndAggregatesResults() throws Exception {
        Pipeline p = pipeline("""
                params: [{name: platforms, type: array}]
                tasks:
                  - name: build
                    matrix:
                      params:
                        - {name: platform, value: "$(params.platforms[*])"}
                        - {name: flavor, value: [slim, full]}
                    taskSpec:
                      params: [{name: platform}, {name: flavor}]
                      results: [{name: digest}]
                      steps: [{name: build, image: kaniko, args: ["$(params.platform)", "$(params.flavor)"]}]
                  - name: manifest
                    params: [{name: digests, value: ["$(tasks.build.results.digest[*])"]}]
                    taskSpec:
                      params: [{name: digests, type: array}]
                      steps: [{name: push, image: crane, args: ["$(params.digests[*])"]}]
                """);
        for (int i = 0; i < 4; i++) {
            kubelet.script(TestKubelet.named("rel-build-" + i + "-pod"), TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                    .withTerminationMessage(TaskPods.resultsMessage(Map.of("digest", "sha256:" + i), Map.of())));
        }

        PipelineRunResult result = run(p, Map.of("platforms", new ParamValue.Array(List.of("linux/amd64", "linux/arm64"))),
                keepPods(KEEP.withMaxParallel(2)));

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.tasks()).containsKeys("build[0]", "build[1]", "build[2]", "build[3]", "manifest");
        assertThat(pod("rel-build-3-pod").getSpec().getInitContainers().get(0).getArgs()).containsExactly("linux/arm64", "full");
        assertThat(pod("rel-manifest-pod").getSpec().getContainers().get(0).getArgs())
                .containsExactlyInAnyOrder("sha256:0", "sha256:1", "sha256:2", "sha256:3");
    }

    @Test
    void aVolumeClaimTemplateMakesOneClaimForTheRunAndDeletesIt() throws Exception {
        Pipeline p = pipeline("""
                workspaces: [{name: source}]
                tasks:
                  - name: clone
                    workspaces: [{name: out, workspace: source}]
                    taskSpec: {workspaces: [{name: out}], %s}
                """.formatted(STEP));
        var claim = new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().build();

        PipelineRunResult result = pipelines.start(PipelineRunRequest.of("rel", ns, p, Map.of())
                .withWorkspaces(Map.of(), Map.of("source", claim)), keepPods(KEEP), sink).result().get(30, TimeUnit.SECONDS);

        assertThat(result.succeeded()).isTrue();
        assertThat(pod("rel-clone-pod").getSpec().getVolumes())
                .anyMatch(v -> v.getPersistentVolumeClaim() != null && "rel-source".equals(v.getPersistentVolumeClaim().getClaimName()));
        assertThat(events).contains("Created PersistentVolumeClaim " + ns + "/rel-source for workspace 'source'");
        assertThat(api.client().persistentVolumeClaims().inNamespace(ns).withName("rel-source").get()).isNull();
    }

    @Test
    void paramsAndWorkspacesAreCheckedBeforeAnythingRuns() {
        Pipeline p = pipeline("""
                params: [{name: version}]
                workspaces: [{name: source}]
                tasks:
                  - {name: a, taskSpec: {%s}}
                """.formatted(STEP));
        assertThatThrownBy(() -> pipelines.start(PipelineRunRequest.of("rel", ns, p, Map.of()), KEEP, sink))
                .hasMessage("Pipeline 'rel' needs a value for param version (declared at p.yaml:6)");
        assertThatThrownBy(() -> pipelines.start(PipelineRunRequest.of("rel", ns, p, Map.of("version", new ParamValue.Text("1"))), KEEP, sink))
                .hasMessage("Pipeline 'rel' needs workspace 'source'");
        assertThat(PipelineRunner.taskRunName("a-very-long-pipeline-run-name-for-release", "integration-tests", 3))
                .hasSizeLessThanOrEqualTo(52).matches("[a-z0-9-]+");
    }
}
