package io.gitopsbridge.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Plays the node for Pods in one namespace of a {@link KubernetesApi}, since the mock server has no kubelet.
 *
 * <p>For each new Pod it reports what a kubelet with {@code restartPolicy: Never} reports: scheduling, init
 * containers one at a time (native sidecars, {@code restartPolicy: Always}, start and keep running), then the
 * containers, which all start together and terminate in declaration order; phases Pending, Running, Succeeded or
 * Failed; container states waiting, running and terminated with exit codes, reasons and termination messages the
 * test chooses; and each container's log text, served once it has started. Unscripted containers exit 0 at once.
 *
 * <p>It only writes Pod status and answers log reads; it never changes a spec. A Pod deleted while it plays stops
 * being played.
 */
public final class TestKubelet implements AutoCloseable {
    private record Script(Predicate<Pod> pod, String container, ContainerRun run) {}

    private record PodRule(Predicate<Pod> pod, String reason, String message) {}

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final List<Script> scripts = new CopyOnWriteArrayList<>();
    private final List<PodRule> unschedulable = new CopyOnWriteArrayList<>();
    private final List<PodRule> evictions = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Pods being or already played, by UID, so that a watch event and a resync never play one Pod twice. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService resync =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-kubelet-resync");
                t.setDaemon(true);
                return t;
            });
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Watch watch;

    private TestKubelet(KubernetesApi api, String namespace) {
        this.server = api.server();
        this.client = api.client();
        this.namespace = namespace;
        this.watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    admit(pod);
                } else if (action == Action.DELETED) {
                    deleted.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        // Like an informer, re-list now and then: a Pod whose watch event was lost (or arrived before the watch
        // started) is still played, so no test waits forever on a Pod nobody runs.
        resync.scheduleWithFixedDelay(this::relist, 500, 500, TimeUnit.MILLISECONDS);
    }

    private void admit(Pod pod) {
        String id = pod.getMetadata().getUid() != null ? pod.getMetadata().getUid()
                : pod.getMetadata().getName() + "@" + pod.getMetadata().getCreationTimestamp();
        if (seen.add(id)) {
            deleted.remove(pod.getMetadata().getName());
            threads.submit(() -> play(pod));
        }
    }

    private void relist() {
        try {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                if (pod.getMetadata().getDeletionTimestamp() == null) {
                    admit(pod);
                }
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            // the API server is going away with the test; the next resync tries again
        }
    }

    /** Starts playing the node for Pods created in {@code namespace} from now on. */
    public static TestKubelet start(KubernetesApi api, String namespace) {
        return new TestKubelet(api, namespace);
    }

    /** Runs the container named {@code container} of every Pod this way. Later scripts win over earlier ones. */
    public TestKubelet script(String container, ContainerRun run) {
        return script(pod -> true, container, run);
    }

    /** Runs the container named {@code container} of Pods that match {@code pod} this way. */
    public TestKubelet script(Predicate<Pod> pod, String container, ContainerRun run) {
        scripts.add(0, new Script(pod, container, run));
        return this;
    }

    /** Leaves matching Pods Pending with the scheduler's {@code Unschedulable} condition and this message. */
    public TestKubelet unschedulable(Predicate<Pod> pod, String message) {
        unschedulable.add(new PodRule(pod, "Unschedulable", message));
        return this;
    }

    /** Evicts matching Pods once their containers run: phase Failed, reason {@code Evicted}, this message. */
    public TestKubelet evict(Predicate<Pod> pod, String message) {
        evictions.add(new PodRule(pod, "Evicted", message));
        return this;
    }

    /** Matches Pods by name. */
    public static Predicate<Pod> named(String name) {
        return p -> name.equals(p.getMetadata().getName());
    }

    /**
     * What the kubelet did, in order: {@code <pod>/<container> running} and {@code <pod>/<container> exited <code>},
     * plus {@code <pod> <phase>} for each phase change.
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until the named Pod reports {@code phase}. */
    public Pod awaitPhase(String pod, String phase, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Pod current = client.pods().inNamespace(namespace).withName(pod).get();
            if (current != null && current.getStatus() != null && phase.equals(current.getStatus().getPhase())) {
                return current;
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("Pod " + pod + " did not reach phase " + phase + " within " + timeout
                + "; kubelet events: " + events);
    }

    @Override
    public void close() {
        resync.shutdownNow();
        watch.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ContainerRun runOf(Pod pod, String container) {
        return scripts.stream()
                .filter(s -> s.container().equals(container) && s.pod().test(pod))
                .map(Script::run)
                .findFirst()
                .orElse(ContainerRun.succeeds());
    }

    private void play(Pod pod) {
        try {
            new Play(pod).run();
        } catch (PodGone | InterruptedException e) {
            // Deleted while running (a cancel, a timeout) or the kubelet was closed: a real node stops too.
        } catch (RuntimeException e) {
            StackTraceElement[] at = e.getStackTrace();
            events.add(pod.getMetadata().getName() + " kubelet error " + e + (at.length > 0 ? " at " + at[0] : ""));
            throw e;
        }
    }

    /** Thrown when the Pod being played is gone. */
    private static final class PodGone extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** One Pod's life on the node. */
    private final class Play {
        private final Pod pod;
        private final String name;
        private final List<Container> inits;
        private final List<Container> containers;
        private final List<ContainerStatus> initStatuses = new ArrayList<>();
        private final List<ContainerStatus> statuses = new ArrayList<>();
        private final List<PodCondition> conditions = new ArrayList<>();
        private String phase = "Pending";
        private String reason;
        private String message;
        private final String startTime = now();

        Play(Pod pod) {
            this.pod = pod;
            this.name = pod.getMetadata().getName();
            this.inits = Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of());
            this.containers = pod.getSpec().getContainers();
        }

        void run() throws PodGone, InterruptedException {
            PodRule unsched = first(unschedulable);
            if (unsched != null) {
                condition("PodScheduled", "False", unsched.reason(), unsched.message());
                push();
                return;
            }
            condition("PodScheduled", "True", null, null);
            condition("Initialized", inits.isEmpty() ? "True" : "False", inits.isEmpty() ? null : "ContainersNotInitialized", null);
            condition("ContainersReady", "False", "ContainersNotReady", null);
            condition("Ready", "False", "ContainersNotReady", null);
            for (int i = 0; i < inits.size(); i++) {
                initStatuses.add(waiting(inits.get(i), i == 0 ? "ContainerCreating" : "PodInitializing", null));
            }
            for (Container c : containers) {
                statuses.add(waiting(c, inits.isEmpty() ? "ContainerCreating" : "PodInitializing", null));
            }
            push();

            for (int i = 0; i < inits.size(); i++) {
                Container c = inits.get(i);
                ContainerRun run = runOf(pod, c.getName());
                if (run.imagePullError() != null) {
                    initStatuses.set(i, waiting(c, run.imagePullError(), pullMessage(c)));
                    push();
                    return;
                }
                boolean sidecar = "Always".equals(c.getRestartPolicy());
                String started = now();
                initStatuses.set(i, running(c, started, sidecar));
                serveLog(c, run);
                push();
                event(c, "running");
                if (sidecar) {
                    continue;
                }
                await(run);
                initStatuses.set(i, terminated(c, run, started));
                event(c, "exited " + run.exitCode());
                if (run.exitCode() != 0) {
                    stopSidecars();
                    setPhase("Failed");
                    push();
                    return;
                }
                if (i + 1 < inits.size()) {
                    initStatuses.set(i + 1, waiting(inits.get(i + 1), "ContainerCreating", null));
                }
                push();
            }

            condition("Initialized", "True", null, null);
            for (int i = 0; i < containers.size(); i++) {
                Container c = containers.get(i);
                ContainerRun run = runOf(pod, c.getName());
                if (run.imagePullError() != null) {
                    statuses.set(i, waiting(c, run.imagePullError(), pullMessage(c)));
                    push();
                    return;
                }
            }
            String started = now();
            for (int i = 0; i < containers.size(); i++) {
                statuses.set(i, running(containers.get(i), started, true));
                // Before the status says running: a runner reads the log as soon as it sees that.
                serveLog(containers.get(i), runOf(pod, containers.get(i).getName()));
            }
            condition("ContainersReady", "True", null, null);
            condition("Ready", "True", null, null);
            setPhase("Running");
            push();

            PodRule eviction = first(evictions);
            if (eviction != null) {
                for (int i = 0; i < containers.size(); i++) {
                    statuses.set(i, terminated(containers.get(i), ContainerRun.exits(137), started));
                }
                stopSidecars();
                reason = eviction.reason();
                message = eviction.message();
                setPhase("Failed");
                push();
                return;
            }

            boolean failed = false;
            for (int i = 0; i < containers.size(); i++) {
                Container c = containers.get(i);
                ContainerRun run = runOf(pod, c.getName());
                event(c, "running");
                await(run);
                statuses.set(i, terminated(c, run, started));
                event(c, "exited " + run.exitCode());
                failed |= run.exitCode() != 0;
                if (i + 1 < containers.size()) {
                    push();
                }
            }
            stopSidecars();
            condition("ContainersReady", "False", "PodCompleted", null);
            condition("Ready", "False", "PodCompleted", null);
            setPhase(failed ? "Failed" : "Succeeded");
            push();
        }

        private PodRule first(List<PodRule> rules) {
            return rules.stream().filter(r -> r.pod().test(pod)).findFirst().orElse(null);
        }

        private void stopSidecars() {
            for (int i = 0; i < inits.size(); i++) {
                Container c = inits.get(i);
                ContainerStatus s = initStatuses.get(i);
                if ("Always".equals(c.getRestartPolicy()) && s.getState().getRunning() != null) {
                    initStatuses.set(i, terminated(c, ContainerRun.succeeds(), s.getState().getRunning().getStartedAt()));
                }
            }
        }

        private void await(ContainerRun run) throws PodGone, InterruptedException {
            long deadline = System.nanoTime() + run.duration().toNanos();
            while (run.until() != null ? !run.until().isDone() : System.nanoTime() < deadline) {
                if (deleted.contains(name)) {
                    throw new PodGone();
                }
                Thread.sleep(10);
            }
            if (deleted.contains(name)) {
                throw new PodGone();
            }
        }

        private void serveLog(Container c, ContainerRun run) {
            String base = "/api/v1/namespaces/" + namespace + "/pods/" + name + "/log?pretty=false";
            String container = "&container=" + c.getName();
            for (String path : List.of(base + container, base + "&follow=true" + container, base + container + "&follow=true")) {
                server.expect().get().withPath(path).andReturn(200, run.log()).always();
            }
            if (containers.size() == 1 && inits.isEmpty()) {
                server.expect().get().withPath(base).andReturn(200, run.log()).always();
            }
        }

        private void event(Container c, String what) {
            events.add(name + "/" + c.getName() + " " + what);
        }

        private void setPhase(String p) {
            phase = p;
            events.add(name + " " + p);
        }

        private void condition(String type, String status, String why, String text) {
            conditions.removeIf(c -> c.getType().equals(type));
            conditions.add(new PodConditionBuilder()
                    .withType(type)
                    .withStatus(status)
                    .withReason(why)
                    .withMessage(text)
                    .withLastTransitionTime(now())
                    .build());
        }

        private void push() throws PodGone {
            if (deleted.contains(name)) {
                throw new PodGone();
            }
            PodStatus status = new PodStatusBuilder()
                    .withPhase(phase)
                    .withReason(reason)
                    .withMessage(message)
                    .withConditions(List.copyOf(conditions))
                    .withInitContainerStatuses(List.copyOf(initStatuses))
                    .withContainerStatuses(List.copyOf(statuses))
                    .withHostIP("10.0.0.10")
                    .withPodIP("10.244.0.10")
                    .withStartTime(startTime)
                    .withQosClass("BestEffort")
                    .build();
            // A kubelet's status manager retries a write that lost a race (409) against the object's latest version.
            for (int attempt = 1; ; attempt++) {
                try {
                    Pod updated = client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                        p.setStatus(status);
                        return p;
                    });
                    if (updated == null) {
                        throw new PodGone();
                    }
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404) {
                        throw new PodGone();
                    }
                    if (e.getCode() != 409 || attempt == 10) {
                        throw e;
                    }
                    events.add(name + " status conflict, retried");
                }
            }
        }

        private String pullMessage(Container c) {
            return "Back-off pulling image \"" + c.getImage() + "\"";
        }
    }

    private static ContainerStatus waiting(Container c, String reason, String message) {
        return base(c)
                .withReady(false)
                .withStarted(false)
                .withState(new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .build())
                .build();
    }

    private static ContainerStatus running(Container c, String startedAt, boolean ready) {
        return base(c)
                .withReady(ready)
                .withStarted(true)
                .withState(new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt(startedAt)
                        .endRunning()
                        .build())
                .build();
    }

    private static ContainerStatus terminated(Container c, ContainerRun run, String startedAt) {
        return base(c)
                .withReady(false)
                .withStarted(false)
                .withState(new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(run.exitCode())
                        .withReason(run.terminatedReason())
                        .withMessage(run.terminationMessage())
                        .withStartedAt(startedAt)
                        .withFinishedAt(now())
                        .withContainerID("containerd://" + c.getName())
                        .endTerminated()
                        .build())
                .build();
    }

    private static ContainerStatusBuilder base(Container c) {
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID(c.getImage() == null ? null : c.getImage() + "@sha256:" + "0".repeat(64))
                .withRestartCount(0);
    }

    private static String now() {
        return Instant.now().toString();
    }
}
