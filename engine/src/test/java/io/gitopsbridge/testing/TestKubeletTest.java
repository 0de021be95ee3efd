package io.gitopsbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestKubeletTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static int counter;
    private String ns;
    private TestKubelet kubelet;

    @BeforeEach
    void startKubelet() {
        ns = "kubelet-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
    }

    @AfterEach
    void stopKubelet() {
        kubelet.close();
    }

    @Test
    void runsInitContainersThenContainersInOrderAndSucceeds() throws Exception {
        kubelet.script("step-build", ContainerRun.succeeds().withLog("compiling\ndone\n").withTerminationMessage("{\"digest\":\"sha256:1\"}"));
        create(pod("ok", List.of("prepare", "step-clone"), List.of("step-build", "step-test")));

        Pod pod = kubelet.awaitPhase("ok", "Succeeded", WAIT);

        assertThat(kubelet.events()).containsSubsequence(
                "ok/prepare running", "ok/prepare exited 0", "ok/step-clone running", "ok/step-clone exited 0",
                "ok Running", "ok/step-build running", "ok/step-build exited 0", "ok/step-test running",
                "ok/step-test exited 0", "ok Succeeded");
        ContainerStatus build = status(pod.getStatus().getContainerStatuses(), "step-build");
        assertThat(build.getState().getTerminated().getExitCode()).isZero();
        assertThat(build.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(build.getState().getTerminated().getMessage()).isEqualTo("{\"digest\":\"sha256:1\"}");
        assertThat(api.client().pods().inNamespace(ns).withName("ok").inContainer("step-build").getLog())
                .isEqualTo("compiling\ndone\n");
        try (var log = api.client().pods().inNamespace(ns).withName("ok").inContainer("step-build").watchLog();
                var reader = new BufferedReader(new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8))) {
            assertThat(reader.lines().collect(Collectors.joining("\n"))).isEqualTo("compiling\ndone");
        }
    }

    @Test
    void aFailedInitContainerFailsThePodAndNothingAfterItRuns() throws Exception {
        kubelet.script("step-clone", ContainerRun.exits(128).withTerminationMessage("fatal: repository not found"));
        create(pod("clone-fails", List.of("step-clone", "step-build"), List.of("done")));

        Pod pod = kubelet.awaitPhase("clone-fails", "Failed", WAIT);

        var clone = status(pod.getStatus().getInitContainerStatuses(), "step-clone").getState().getTerminated();
        assertThat(clone.getExitCode()).isEqualTo(128);
        assertThat(clone.getReason()).isEqualTo("Error");
        assertThat(status(pod.getStatus().getInitContainerStatuses(), "step-build").getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(kubelet.events()).doesNotContain("clone-fails/step-build running", "clone-fails/done running");
    }

    @Test
    void aFailedContainerFailsThePodAfterTheOthersFinish() throws Exception {
        kubelet.script("step-test", ContainerRun.oomKilled());
        create(pod("oom", List.of(), List.of("step-build", "step-test")));

        Pod pod = kubelet.awaitPhase("oom", "Failed", WAIT);

        var test = status(pod.getStatus().getContainerStatuses(), "step-test").getState().getTerminated();
        assertThat(test.getReason()).isEqualTo("OOMKilled");
        assertThat(test.getExitCode()).isEqualTo(137);
    }

    @Test
    void anUnpullableImageLeavesThePodPendingWithTheReason() throws Exception {
        kubelet.script("step-build", ContainerRun.imagePullBackOff());
        create(pod("pull", List.of(), List.of("step-build")));

        Pod pod = awaitWaitingReason("pull", "step-build", "ImagePullBackOff");

        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(status(pod.getStatus().getContainerStatuses(), "step-build").getState().getWaiting().getMessage())
                .isEqualTo("Back-off pulling image \"registry.example.com/step-build:1\"");
    }

    @Test
    void anUnschedulablePodStaysPendingWithTheSchedulersMessage() throws Exception {
        kubelet.unschedulable(TestKubelet.named("big"), "0/3 nodes are available: 3 Insufficient memory.");
        create(pod("big", List.of(), List.of("step-build")));

        Pod pod = awaitCondition("big", "PodScheduled");

        var scheduled = pod.getStatus().getConditions().get(0);
        assertThat(scheduled.getStatus()).isEqualTo("False");
        assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
        assertThat(scheduled.getMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient memory.");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void anEvictedPodFailsWithReasonEvicted() throws Exception {
        kubelet.evict(TestKubelet.named("evicted"), "The node was low on resource: ephemeral-storage.");
        create(pod("evicted", List.of(), List.of("step-build")));

        Pod pod = kubelet.awaitPhase("evicted", "Failed", WAIT);

        assertThat(pod.getStatus().getReason()).isEqualTo("Evicted");
        assertThat(pod.getStatus().getMessage()).isEqualTo("The node was low on resource: ephemeral-storage.");
    }

    @Test
    void nativeSidecarsStartFirstKeepRunningAndStopAtTheEnd() throws Exception {
        Pod pod = pod("sidecar", List.of("sidecar-registry", "step-clone"), List.of("step-build"));
        pod.getSpec().getInitContainers().get(0).setRestartPolicy("Always");
        create(pod);

        Pod done = kubelet.awaitPhase("sidecar", "Succeeded", WAIT);

        assertThat(kubelet.events()).containsSubsequence(
                "sidecar/sidecar-registry running", "sidecar/step-clone running", "sidecar/step-build exited 0");
        assertThat(kubelet.events()).doesNotContain("sidecar/sidecar-registry exited 0");
        assertThat(status(done.getStatus().getInitContainerStatuses(), "sidecar-registry").getState().getTerminated())
                .isNotNull();
    }

    @Test
    void aContainerRunsUntilReleasedAndADeletedPodStopsBeingPlayed() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        kubelet.script(TestKubelet.named("held"), "step-build", ContainerRun.succeeds().runningUntil(release));
        create(pod("held", List.of(), List.of("step-build", "step-after")));
        kubelet.awaitPhase("held", "Running", WAIT);
        Thread.sleep(200);
        assertThat(kubelet.events()).contains("held/step-build running").doesNotContain("held/step-build exited 0");

        api.client().pods().inNamespace(ns).withName("held").delete();
        Thread.sleep(200);
        release.complete(null);
        Thread.sleep(200);

        assertThat(kubelet.events()).doesNotContain("held/step-build exited 0", "held/step-after running");
    }

    private void create(Pod pod) {
        api.client().pods().inNamespace(ns).resource(pod).create();
    }

    private Pod awaitWaitingReason(String name, String container, String reason) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Pod p = api.client().pods().inNamespace(ns).withName(name).get();
            if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
                var s = status(p.getStatus().getContainerStatuses(), container);
                if (s.getState().getWaiting() != null && reason.equals(s.getState().getWaiting().getReason())) {
                    return p;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + "/" + container + " never waited with " + reason);
    }

    private Pod awaitCondition(String name, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Pod p = api.client().pods().inNamespace(ns).withName(name).get();
            if (p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type))) {
                return p;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never got condition " + type);
    }

    private static ContainerStatus status(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Pod pod(String name, List<String> inits, List<String> containers) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withInitContainers(inits.stream().map(TestKubeletTest::container).toList())
                .withContainers(containers.stream().map(TestKubeletTest::container).toList())
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.Container container(String name) {
        return new ContainerBuilder()
                .withName(name)
                .withImage("registry.example.com/" + name + ":1")
                .withCommand(Arrays.asList("/bin/sh", "-c", "true"))
                .build();
    }
}
