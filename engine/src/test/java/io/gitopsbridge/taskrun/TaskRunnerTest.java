package io.gitopsbridge.taskrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskRunnerTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    private String ns;
    private TestKubelet kubelet;
    private TaskRunner runner;
    private final RecordingSink sink = new RecordingSink();

    static final Task BUILD = new Task("build", TektonParser.taskSpec("build.yaml", """
            params:
              - name: version
            results:
              - name: digest
            steps:
              - name: compile
                image: maven:3
                script: mvn -B package -Drevision=$(params.version)
              - name: test
                image: maven:3
                script: mvn -B verify
            """), "build.yaml");

    static final Task TWO_STEPS = new Task("two", TektonParser.taskSpec("two.yaml", """
            steps:
              - {name: build, image: alpine, command: [make]}
              - {name: test, image: alpine, command: [make, test], timeout: 1s}
            """), "two.yaml");

    @BeforeEach
    void start() {
        ns = "runs-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        runner = new TaskRunner(api.client(), PodOptions.defaults());
    }

    @AfterEach
    void stop() {
        runner.close();
        kubelet.close();
    }

    private TaskRunRequest request(Task task, Map<String, ParamValue> params) {
        return TaskRunRequest.of("demo", ns, task, params);
    }

    private Pod pod(String name) {
        return api.client().pods().inNamespace(ns).withName(name).get();
    }

    private static Predicate<Pod> named(String name) {
        return TestKubelet.named(name);
    }

    @Test
    void runsStepsInOrderStreamsTheirLogsAndReturnsResults() throws Exception {
        kubelet.script("step-compile", ContainerRun.succeeds().withLog("[INFO] Building app 1.4.0\n[INFO] BUILD SUCCESS\n"))
                .script("step-test", ContainerRun.succeeds().withLog("Tests run: 12, Failures: 0\n"))
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                        TaskPods.resultsMessage(Map.of("digest", "sha256:4f2c"), Map.of())));

        TaskRunResult result = runner.run(request(BUILD, Map.of("version", new ParamValue.Text("1.4.0"))), RunOptions.DEFAULT, sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.results()).containsExactly(Map.entry("digest", "sha256:4f2c"));
        assertThat(result.steps()).containsExactly(new StepOutcome("compile", 0, "Completed"), new StepOutcome("test", 0, "Completed"));
        assertThat(sink.lines()).containsExactly("> compile", "[compile] [INFO] Building app 1.4.0",
                "[compile] [INFO] BUILD SUCCESS", "> test", "[test] Tests run: 12, Failures: 0");
        assertThat(sink.entries).first().isEqualTo("! Created Pod " + ns + "/demo-pod for Task 'build'");
        assertThat(pod("demo-pod")).as("a succeeded Pod is deleted").isNull();
    }

    @Test
    void aFailingStepStopsTheStepsAfterItAndThePodIsKept() throws Exception {
        kubelet.script("step-build", ContainerRun.exits(2).withLog("cc: error: x.c: No such file\n")
                .withTerminationMessage("cc: error: x.c: No such file\nmake: *** [all] Error 2\n"));

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.FAILED);
        assertThat(result.reason()).isEqualTo("Failed");
        assertThat(result.message()).isEqualTo("Step 'build' failed with exit code 2:\ncc: error: x.c: No such file\nmake: *** [all] Error 2");
        assertThat(result.steps()).containsExactly(new StepOutcome("build", 2, "Error"));
        assertThat(kubelet.events()).doesNotContain("demo-pod/step-test running");
        assertThat(sink.lines()).containsExactly("> build", "[build] cc: error: x.c: No such file");
        assertThat(pod("demo-pod")).as("a failed Pod is kept").isNotNull();
        assertThat(sink.entries).last().isEqualTo("! Kept Pod " + ns + "/demo-pod for inspection");
    }

    @Test
    void onErrorContinueGoesOnAndReportsTheRealExitCode() throws Exception {
        Task task = new Task("lint", TektonParser.taskSpec("lint.yaml", """
                steps:
                  - {name: lint, image: alpine, onError: continue, command: [lint]}
                  - {name: build, image: alpine, command: [make]}
                """), "lint.yaml");
        kubelet.script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                TaskPods.resultsMessage(Map.of(), Map.of("step-lint", 3))));

        TaskRunResult result = runner.run(request(task, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.steps()).containsExactly(new StepOutcome("lint", 3, "Continued"), new StepOutcome("build", 0, "Completed"));
    }

    @Test
    void aTimeoutDeletesThePodAndNamesTheRunningStep() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        kubelet.script("step-build", ContainerRun.succeeds().withLog("compiling\n").runningUntil(never));

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()).withTimeout(Duration.ofSeconds(1)), RunOptions.DEFAULT, sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.TIMED_OUT);
        assertThat(result.message()).isEqualTo("Task 'two' timed out after 1s while step 'build' was running");
        assertThat(pod("demo-pod")).isNull();
    }

    @Test
    void aStepTimeoutFailsTheRun() throws Exception {
        kubelet.script("step-test", ContainerRun.succeeds().runningUntil(new CompletableFuture<>()));

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.FAILED);
        assertThat(result.reason()).isEqualTo("TimeoutExceeded");
        assertThat(result.message()).isEqualTo("Step 'test' timed out after 1s");
        assertThat(pod("demo-pod")).isNull();
    }

    @Test
    void cancellingDeletesThePodAndIsNotRetried() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        kubelet.script("step-build", ContainerRun.succeeds().runningUntil(never));
        TaskRunHandle handle = runner.start(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT.withRetries(2), sink);
        awaitLogged("> build");

        handle.cancel("build aborted by alice");
        TaskRunResult result = handle.result().get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.CANCELLED);
        assertThat(result.message()).isEqualTo("Task 'two' was cancelled (build aborted by alice) while step 'build' was running");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(pod("demo-pod")).isNull();
    }

    @Test
    void aRunnerThatTakesOverARunningPodShowsTheRestOfItsLogAndFinishesWithItsResult() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        kubelet.script("step-build", ContainerRun.succeeds().withLog("compiling\nlinking\n").runningUntil(release));
        kubelet.script("step-test", ContainerRun.succeeds().withLog("tests passed\n"));
        RecordingSink before = new RecordingSink();
        TaskRunner first = new TaskRunner(api.client(), PodOptions.defaults());
        first.start(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, before);
        before.await("[build] linking", Duration.ofSeconds(10));
        // The process following the run goes away (a Jenkins restart); the Pod keeps running.
        first.close();
        assertThat(pod("demo-pod")).isNotNull();

        TaskRunHandle taken = runner.resume(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink,
                new Resume("demo", 0, Map.of("build", 1L)));
        sink.await("[build] linking", Duration.ofSeconds(10));
        release.complete(null);
        TaskRunResult result = taken.result().get(20, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.podName()).isEqualTo("demo-pod");
        assertThat(sink.lines()).as("the lines shown before the restart are not shown again")
                .containsExactly("[build] linking", "> test", "[test] tests passed");
        assertThat(sink.entries).contains("! Following Pod " + ns + "/demo-pod of Task 'two' again");
        assertThat(pod("demo-pod")).as("deleted at the end, as the first runner would have").isNull();
    }

    @Test
    void takingOverARunWhosePodIsGoneFailsIt() throws Exception {
        TaskRunResult result = runner.resume(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink,
                new Resume("demo", 0, Map.of())).result().get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(TaskRunResult.Status.FAILED);
        assertThat(result.reason()).isEqualTo("PodDeleted");
        assertThat(result.message()).isEqualTo("Pod demo-pod of the run was gone when following it resumed");
    }

    @Test
    void theRunsSecretsAreOwnedByItsPodsAndARetrysPodOwnsThemBeforeTheFailedOneIsDeleted() throws Exception {
        kubelet.script(named("demo-pod"), "step-build", ContainerRun.exits(1));
        java.util.List<String> podEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<java.util.List<String>> owners = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.fabric8.kubernetes.api.model.Secret token = new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("demo-git").endMetadata().withStringData(Map.of("password", "canary-token-owner-3b1")).build();
        TaskRunRequest request = request(TWO_STEPS, Map.of()).extend(TWO_STEPS, Map.of(), java.util.List.of(token));
        try (var pods = api.client().pods().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (action == Action.ADDED || action == Action.DELETED) {
                            podEvents.add(action + " " + pod.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                });
                var secrets = api.client().secrets().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Secret secret) {
                        owners.add(secret.getMetadata().getOwnerReferences().stream().map(o -> o.getKind() + "/"
                                + o.getName() + (o.getUid() == null ? "" : "@uid")).toList());
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
            TaskRunResult result = runner.run(request, RunOptions.DEFAULT.withRetries(1).withRetention(Retention.KEEP_NONE), sink);

            assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        }
        assertThat(owners).contains(java.util.List.of("Pod/demo-pod@uid", "Pod/demo-pod-retry1@uid"));
        assertThat(podEvents.indexOf("ADDED demo-pod-retry1")).as(podEvents.toString())
                .isLessThan(podEvents.indexOf("DELETED demo-pod")).isNotNegative();
        assertThat(api.client().secrets().inNamespace(ns).withName("demo-git").get()).isNull();
    }

    @Test
    void aFailedAttemptIsRetriedInANewPod() throws Exception {
        kubelet.script(named("demo-pod"), "step-build", ContainerRun.exits(1).withTerminationMessage("flaky network"));

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT.withRetries(2), sink);

        assertThat(result.status()).isEqualTo(TaskRunResult.Status.SUCCEEDED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.podName()).isEqualTo("demo-pod-retry1");
        assertThat(sink.entries).contains("! Attempt 1 of 3 failed: Step 'build' failed with exit code 1:\nflaky network; retrying with a new Pod");
        assertThat(pod("demo-pod")).as("the failed attempt's Pod is kept").isNotNull();
        assertThat(pod("demo-pod-retry1")).isNull();
    }

    @Test
    void anUnpullableImageFailsAtOnceNamingTheImage() throws Exception {
        kubelet.script("step-test", ContainerRun.imagePullBackOff());

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.reason()).isEqualTo("ImagePullBackOff");
        assertThat(result.message()).isEqualTo("Step 'test' cannot start: image 'alpine' cannot be pulled"
                + " (ImagePullBackOff: Back-off pulling image \"alpine\")");
        assertThat(pod("demo-pod")).isNull();
    }

    @Test
    void anUnschedulablePodFailsAfterItsGraceWithTheSchedulersMessage() throws Exception {
        kubelet.unschedulable(p -> true, "0/3 nodes are available: 3 Insufficient cpu.");

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()),
                RunOptions.DEFAULT.withUnschedulableTimeout(Duration.ofMillis(500)), sink);

        assertThat(result.reason()).isEqualTo("Unschedulable");
        assertThat(result.message()).isEqualTo("Pod demo-pod could not be scheduled for 500ms: 0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(sink.entries).contains("! Pod demo-pod cannot be scheduled yet: 0/3 nodes are available: 3 Insufficient cpu."
                + " (waiting up to 500ms)");
    }

    @Test
    void anOomKilledStepIsNamed() throws Exception {
        kubelet.script("step-test", ContainerRun.oomKilled());

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.reason()).isEqualTo("OOMKilled");
        assertThat(result.message()).isEqualTo("Step 'test' was killed for exceeding its memory limit (OOMKilled, exit code 137)");
    }

    @Test
    void anEvictedPodSaysWhy() throws Exception {
        kubelet.evict(p -> true, "The node was low on resource: memory.");

        TaskRunResult result = runner.run(request(TWO_STEPS, Map.of()), RunOptions.DEFAULT, sink);

        assertThat(result.reason()).isEqualTo("Evicted");
        assertThat(result.message()).isEqualTo("Pod demo-pod was evicted: The node was low on resource: memory.");
    }

    @Test
    void resultsTooLargeForATerminationMessageAreExplained() throws Exception {
        kubelet.script(TaskPods.RESULTS_CONTAINER, ContainerRun.exits(1).withTerminationMessage(
                "e too-large 5032\ns digest 10\ns sbom 5000\n"));

        TaskRunResult result = runner.run(request(BUILD, Map.of("version", new ParamValue.Text("1"))), RunOptions.DEFAULT, sink);

        assertThat(result.reason()).isEqualTo("ResultsTooLarge");
        assertThat(result.message()).isEqualTo("Results of Task 'build' take 5032 bytes, but Kubernetes keeps at most 4096"
                + " bytes of a termination message (digest: 10 bytes, sbom: 5000 bytes). Write large outputs to a"
                + " workspace and return a path or digest as the result.");
    }

    @Test
    void aRequestThatDoesNotFitTheTaskIsRejectedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> runner.start(request(BUILD, Map.of()), RunOptions.DEFAULT, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task 'build' needs a value for param version (declared at build.yaml:2)");
        assertThat(api.client().pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    /** Waits until the runner itself has reported {@code entry}, so the test acts on what the runner saw. */
    private void awaitLogged(String entry) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sink.entries.contains(entry) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sink.entries).contains(entry);
    }
}
