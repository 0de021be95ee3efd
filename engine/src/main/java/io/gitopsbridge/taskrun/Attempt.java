package io.gitopsbridge.taskrun;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.TerminationMessage;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.tekton.ResultDeclaration;
import io.gitopsbridge.tekton.StepSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One attempt of a Task run: one Pod, followed by a watch until it ends. The loop sleeps only on the queue of Pod
 * events, with a limit at the next deadline (task timeout, step timeout, unschedulable timeout).
 */
final class Attempt {
    /** Waiting reasons after which a container will not start without someone changing something. */
    private static final Set<String> CANNOT_START = Set.of(
            "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError",
            "CreateContainerError", "RunContainerError");
    private static final Object GONE = new Object();
    private static final Object WAKE = new Object();
    private static final Duration LOG_DRAIN = Duration.ofSeconds(30);
    private static final Duration RESYNC = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final TaskRunRequest request;
    private final Pod pod;
    private final RunOptions options;
    private final LogSink sink;
    private final TaskRunHandle handle;
    private final String name;
    private final List<String> stepContainers;
    private final Map<String, StepSpec> stepsByContainer = new HashMap<>();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final ExecutorService logs = Executors.newSingleThreadExecutor(DaemonThreads.named("gitops-bridge-logs"));
    private final List<LogWatch> openLogs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> started = new HashSet<>();
    private final Map<String, StepOutcome> finished = new LinkedHashMap<>();
    private final Map<String, Long> stepDeadlines = new HashMap<>();
    private long unschedulableDeadline = Long.MAX_VALUE;
    private String unschedulableMessage;
    private volatile boolean watchLost;
    private Pod latest;
    private final Map<String, Long> linesShown;
    private boolean retryMayFollow;
    private java.util.function.Consumer<Pod> onCreated = p -> {};
    private boolean deleteLater;

    Attempt(KubernetesClient client, TaskRunRequest request, Pod pod, RunOptions options, LogSink sink,
            TaskRunHandle handle) {
        this(client, request, pod, options, sink, handle, Map.of());
    }

    /** @param linesShown per step name, log lines already shown by a runner before this one (see {@link Resume}) */
    Attempt(KubernetesClient client, TaskRunRequest request, Pod pod, RunOptions options, LogSink sink,
            TaskRunHandle handle, Map<String, Long> linesShown) {
        this.client = client;
        this.linesShown = linesShown;
        this.request = request;
        this.pod = pod;
        this.options = options;
        this.sink = sink;
        this.handle = handle;
        this.name = pod.getMetadata().getName();
        List<String> containers = new ArrayList<>();
        for (StepSpec s : request.task().spec().steps()) {
            String container = PodBuilder.STEP_PREFIX + s.name();
            containers.add(container);
            stepsByContainer.put(container, s);
        }
        this.stepContainers = List.copyOf(containers);
        this.latest = pod;
    }

    /**
     * With a retry to follow, a failed attempt's Pod that retention would delete is kept until {@link #deleteIfHeld}:
     * the run's Secrets are owned by its Pods, and with no Pod left for a moment Kubernetes' garbage collector could
     * delete them before the retry's Pod owns them too.
     *
     * @param onCreated told of the Pod once the API server has it (with its uid)
     */
    Attempt holding(boolean retryMayFollow, java.util.function.Consumer<Pod> onCreated) {
        this.retryMayFollow = retryMayFollow;
        this.onCreated = onCreated;
        return this;
    }

    /** Deletes the Pod if {@link #holding} kept it. */
    void deleteIfHeld() {
        if (deleteLater) {
            deleteLater = false;
            delete();
        }
    }

    private PodResource resource() {
        return client.pods().inNamespace(request.namespace()).withName(name);
    }

    TaskRunResult run(int attemptNumber) throws InterruptedException {
        Watch[] watch = {watch()};
        handle.onCancel(() -> events.add(WAKE));
        try {
            try {
                latest = client.pods().inNamespace(request.namespace()).resource(pod).create();
            } catch (KubernetesClientException e) {
                return result(TaskRunResult.Status.FAILED, "PodCreationFailed", "Cannot create Pod " + name
                        + " in namespace " + request.namespace() + ": " + statusMessage(e), Map.of(), attemptNumber);
            }
            sink.event("Created Pod " + request.namespace() + "/" + name + " for Task '" + request.task().name() + "'");
            onCreated.accept(latest);
            events.add(latest);
            return follow(attemptNumber, watch, System.nanoTime());
        } finally {
            watch[0].close();
        }
    }

    /**
     * Follows the attempt's Pod that another runner created; its timeout counts from the Pod's creation.
     */
    TaskRunResult resume(int attemptNumber) throws InterruptedException {
        Watch[] watch = {watch()};
        handle.onCancel(() -> events.add(WAKE));
        try {
            Pod existing = resource().get();
            if (existing == null) {
                return result(TaskRunResult.Status.FAILED, "PodDeleted", "Pod " + name + " of the run was gone when"
                        + " following it resumed", Map.of(), attemptNumber);
            }
            latest = existing;
            sink.event("Following Pod " + request.namespace() + "/" + name + " of Task '" + request.task().name()
                    + "' again");
            events.add(existing);
            long start = System.nanoTime();
            String created = existing.getMetadata().getCreationTimestamp();
            if (created != null) {
                Duration age = Duration.between(java.time.Instant.parse(created), java.time.Instant.now());
                start -= Math.max(0, age.toNanos());
            }
            return follow(attemptNumber, watch, start);
        } finally {
            watch[0].close();
        }
    }

    private Watch watch() {
        return resource().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod p) {
                events.add(action == Action.DELETED ? GONE : p);
            }

            @Override
            public void onClose(WatcherException cause) {
                // fabric8 reconnects by itself and calls this only when it gives up.
                watchLost = true;
                events.add(WAKE);
            }
        });
    }

    private TaskRunResult follow(int attemptNumber, Watch[] watch, long start) throws InterruptedException {
        long deadline = request.timeout().isZero() ? Long.MAX_VALUE : start + request.timeout().toNanos();
        while (true) {
            long next = Math.min(deadline, Math.min(unschedulableDeadline, nextStepDeadline()));
            long wait = Math.min(RESYNC.toNanos(), next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - System.nanoTime()));
            Object event = events.poll(wait, TimeUnit.NANOSECONDS);
            long now = System.nanoTime();
            if (event == null && now < next) {
                // Quiet for a while: read the Pod once, as an informer's resync would, so that a watch event the
                // server never delivered cannot leave the run waiting until its timeout.
                Pod current = resource().get();
                event = current == null ? GONE : current;
            }
            if (handle.cancelled()) {
                return stop(TaskRunResult.Status.CANCELLED, "Cancelled",
                        "Task '" + request.task().name() + "' was cancelled (" + handle.cancelReason() + ") " + whileRunning(),
                        attemptNumber);
            }
            if (now >= deadline) {
                return stop(TaskRunResult.Status.TIMED_OUT, "TaskRunTimeout", "Task '" + request.task().name()
                        + "' timed out after " + GoDuration.format(request.timeout()) + " " + whileRunning(), attemptNumber);
            }
            for (var d : stepDeadlines.entrySet()) {
                if (now >= d.getValue()) {
                    StepSpec step = stepsByContainer.get(d.getKey());
                    return stop(TaskRunResult.Status.FAILED, "TimeoutExceeded", "Step '" + step.name()
                            + "' timed out after " + GoDuration.format(step.timeout()), attemptNumber);
                }
            }
            if (now >= unschedulableDeadline) {
                return stop(TaskRunResult.Status.FAILED, "Unschedulable", "Pod " + name + " could not be scheduled for "
                        + GoDuration.format(options.unschedulableTimeout()) + ": " + unschedulableMessage, attemptNumber);
            }
            if (watchLost) {
                watchLost = false;
                watch[0].close();
                watch[0] = watch();
                Pod current = resource().get();
                event = current == null ? GONE : current;
            }
            if (event == GONE) {
                return finish(result(TaskRunResult.Status.FAILED, "PodDeleted", "Pod " + name
                        + " was deleted before the Task finished", Map.of(), attemptNumber), false);
            }
            if (event instanceof Pod p) {
                latest = p;
                TaskRunResult outcome = inspect(p, attemptNumber);
                if (outcome != null) {
                    return outcome;
                }
            }
        }
    }

    /** Reacts to a Pod update; returns the attempt's result once it has one. */
    private TaskRunResult inspect(Pod p, int attemptNumber) {
        if (p.getStatus() == null) {
            return null;
        }
        trackScheduling(p);
        Map<String, ContainerStatus> statuses = statuses(p);
        for (Container c : allContainers(p)) {
            ContainerStatus s = statuses.get(c.getName());
            if (s == null || s.getState() == null) {
                continue;
            }
            ContainerStateWaiting waiting = s.getState().getWaiting();
            if (waiting != null && CANNOT_START.contains(waiting.getReason())) {
                String what = describe(c.getName());
                String detail = waiting.getReason().contains("Image")
                        ? "image '" + c.getImage() + "' cannot be pulled (" + waiting.getReason()
                                + (waiting.getMessage() != null ? ": " + waiting.getMessage() : "") + ")"
                        : waiting.getReason() + (waiting.getMessage() != null ? ": " + waiting.getMessage() : "");
                return stop(TaskRunResult.Status.FAILED, waiting.getReason(), capitalize(what) + " cannot start: " + detail,
                        attemptNumber);
            }
        }
        for (String container : stepContainers) {
            ContainerStatus s = statuses.get(container);
            if (s == null || s.getState() == null) {
                break;
            }
            boolean running = s.getState().getRunning() != null;
            ContainerStateTerminated terminated = s.getState().getTerminated();
            if ((running || terminated != null) && started.add(container)) {
                streamLog(container);
                StepSpec step = stepsByContainer.get(container);
                if (step.timeout() != null && terminated == null) {
                    stepDeadlines.put(container, System.nanoTime() + step.timeout().toNanos());
                }
            }
            if (terminated != null && !finished.containsKey(container)) {
                stepDeadlines.remove(container);
                finished.put(container, new StepOutcome(stepsByContainer.get(container).name(),
                        Objects.requireNonNullElse(terminated.getExitCode(), -1), terminated.getReason()));
            }
            if (terminated == null) {
                break;
            }
        }
        String phase = p.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return succeeded(statuses, attemptNumber);
        }
        if ("Failed".equals(phase)) {
            return failed(p, statuses, attemptNumber);
        }
        return null;
    }

    private void trackScheduling(Pod p) {
        for (PodCondition c : Objects.requireNonNullElse(p.getStatus().getConditions(), List.<PodCondition>of())) {
            if (!"PodScheduled".equals(c.getType())) {
                continue;
            }
            if ("False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                if (unschedulableDeadline == Long.MAX_VALUE) {
                    unschedulableDeadline = System.nanoTime() + options.unschedulableTimeout().toNanos();
                    sink.event("Pod " + name + " cannot be scheduled yet: " + c.getMessage() + " (waiting up to "
                            + GoDuration.format(options.unschedulableTimeout()) + ")");
                }
                unschedulableMessage = c.getMessage();
            } else if ("True".equals(c.getStatus())) {
                unschedulableDeadline = Long.MAX_VALUE;
            }
        }
    }

    private TaskRunResult succeeded(Map<String, ContainerStatus> statuses, int attemptNumber) {
        Map<String, String> results = new LinkedHashMap<>();
        ContainerStatus collector = statuses.get(PodBuilder.RESULTS_CONTAINER);
        if (collector != null && collector.getState().getTerminated() != null) {
            TerminationMessage.Parsed parsed = TerminationMessage.parse(collector.getState().getTerminated().getMessage());
            for (ResultDeclaration r : request.task().spec().results()) {
                if (parsed.results().containsKey(r.name())) {
                    results.put(r.name(), parsed.results().get(r.name()));
                }
            }
            parsed.exitCodes().forEach((container, code) -> {
                StepOutcome o = finished.get(container);
                if (o != null && code != 0) {
                    finished.put(container, new StepOutcome(o.step(), code, "Continued"));
                }
            });
        }
        return finish(result(TaskRunResult.Status.SUCCEEDED, "Succeeded", "Task '" + request.task().name() + "' succeeded",
                results, attemptNumber), true);
    }

    private TaskRunResult failed(Pod p, Map<String, ContainerStatus> statuses, int attemptNumber) {
        String podReason = p.getStatus().getReason();
        String podMessage = p.getStatus().getMessage();
        if ("Evicted".equals(podReason)) {
            return finish(result(TaskRunResult.Status.FAILED, "Evicted", "Pod " + name + " was evicted: " + podMessage,
                    Map.of(), attemptNumber), false);
        }
        if ("DeadlineExceeded".equals(podReason)) {
            return finish(result(TaskRunResult.Status.TIMED_OUT, "DeadlineExceeded", "Pod " + name
                    + " exceeded its active deadline " + whileRunning(), Map.of(), attemptNumber), false);
        }
        for (Container c : allContainers(p)) {
            ContainerStatus s = statuses.get(c.getName());
            ContainerStateTerminated t = s == null || s.getState() == null ? null : s.getState().getTerminated();
            if (t == null || t.getExitCode() == null || t.getExitCode() == 0) {
                continue;
            }
            if (c.getName().equals(PodBuilder.RESULTS_CONTAINER)) {
                return finish(resultsFailure(t, attemptNumber), false);
            }
            String what = describe(c.getName());
            if ("OOMKilled".equals(t.getReason())) {
                return finish(result(TaskRunResult.Status.FAILED, "OOMKilled", capitalize(what) + " was killed for"
                        + " exceeding its memory limit (OOMKilled, exit code " + t.getExitCode() + ")", Map.of(),
                        attemptNumber), false);
            }
            String tail = t.getMessage() == null || t.getMessage().isBlank() ? "" : ":\n" + t.getMessage().stripTrailing();
            return finish(result(TaskRunResult.Status.FAILED, "Failed", capitalize(what) + " failed with exit code "
                    + t.getExitCode() + tail, Map.of(), attemptNumber), false);
        }
        return finish(result(TaskRunResult.Status.FAILED, podReason != null ? podReason : "Failed", "Pod " + name
                + " failed" + (podMessage != null ? ": " + podMessage : ""), Map.of(), attemptNumber), false);
    }

    private TaskRunResult resultsFailure(ContainerStateTerminated t, int attemptNumber) {
        TerminationMessage.Parsed parsed;
        try {
            parsed = TerminationMessage.parse(t.getMessage());
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed != null && parsed.tooLarge() > 0) {
            StringBuilder sizes = new StringBuilder();
            parsed.sizes().forEach((k, v) -> sizes.append(sizes.length() == 0 ? "" : ", ").append(k).append(": ").append(v).append(" bytes"));
            return result(TaskRunResult.Status.FAILED, "ResultsTooLarge", "Results of Task '" + request.task().name()
                    + "' take " + parsed.tooLarge() + " bytes, but Kubernetes keeps at most "
                    + PodBuilder.TERMINATION_MESSAGE_LIMIT + " bytes of a termination message (" + sizes
                    + "). Write large outputs to a workspace and return a path or digest as the result.", Map.of(),
                    attemptNumber);
        }
        return result(TaskRunResult.Status.FAILED, "ResultsFailed", "Collecting the results of Task '"
                + request.task().name() + "' failed with exit code " + t.getExitCode()
                + (t.getMessage() != null ? ": " + t.getMessage().stripTrailing() : ""), Map.of(), attemptNumber);
    }

    /** Ends the attempt early (timeout, cancel, cannot start): the Pod is deleted, whatever the retention. */
    private TaskRunResult stop(TaskRunResult.Status status, String reason, String message, int attemptNumber) {
        TaskRunResult result = result(status, reason, message, Map.of(), attemptNumber);
        if (retryMayFollow && status != TaskRunResult.Status.CANCELLED) {
            deleteLater = true;
        } else {
            delete();
        }
        openLogs.forEach(LogWatch::close);
        logs.shutdownNow();
        return result;
    }

    /** Ends the attempt once the Pod has: logs are drained, and the Pod kept or deleted as retention says. */
    private TaskRunResult finish(TaskRunResult result, boolean succeeded) {
        logs.shutdown();
        try {
            if (!logs.awaitTermination(LOG_DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                sink.event("Logs of Pod " + name + " were still open after " + LOG_DRAIN.toSeconds() + "s; stopped reading");
                openLogs.forEach(LogWatch::close);
                logs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean delete = switch (options.retention()) {
            case KEEP_ALL -> false;
            case KEEP_NONE -> true;
            case KEEP_FAILED -> succeeded;
        };
        if (delete && retryMayFollow && !succeeded) {
            deleteLater = true;
        } else if (delete) {
            delete();
        } else if (!succeeded) {
            sink.event("Kept Pod " + request.namespace() + "/" + name + " for inspection");
        }
        return result;
    }

    private void delete() {
        try {
            resource().delete();
        } catch (KubernetesClientException e) {
            sink.event("Could not delete Pod " + name + ": " + statusMessage(e));
        }
    }

    private void streamLog(String container) {
        String step = stepsByContainer.get(container).name();
        long skip = linesShown.getOrDefault(step, 0L);
        logs.submit(() -> {
            if (skip == 0) {
                sink.stepStarted(step);
            }
            try (LogWatch log = resource().inContainer(container).watchLog()) {
                openLogs.add(log);
                BufferedReader reader = new BufferedReader(new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8));
                String line;
                for (long seen = 0; (line = reader.readLine()) != null; seen++) {
                    if (seen >= skip) {
                        sink.line(step, line);
                    }
                }
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) {
                    sink.event("Could not read the log of step '" + step + "': " + e.getMessage());
                }
            }
        });
    }

    private String whileRunning() {
        // Describe the newest state the watch has delivered, not the one the loop last looked at.
        for (Object pending; (pending = events.poll()) != null; ) {
            if (pending instanceof Pod p) {
                latest = p;
            }
        }
        Map<String, ContainerStatus> statuses = latest.getStatus() == null ? Map.of() : statuses(latest);
        for (String container : stepContainers) {
            ContainerStatus s = statuses.get(container);
            if (s != null && s.getState() != null && s.getState().getRunning() != null) {
                return "while step '" + stepsByContainer.get(container).name() + "' was running";
            }
        }
        for (String container : stepContainers) {
            ContainerStatus s = statuses.get(container);
            if (s == null || s.getState() == null || s.getState().getTerminated() == null) {
                return "before step '" + stepsByContainer.get(container).name() + "' started";
            }
        }
        return "after its steps finished";
    }

    private long nextStepDeadline() {
        return stepDeadlines.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    private TaskRunResult result(TaskRunResult.Status status, String reason, String message, Map<String, String> results,
            int attemptNumber) {
        return new TaskRunResult(status, reason, message, Map.copyOf(results), List.copyOf(finished.values()), name,
                attemptNumber);
    }

    private static List<Container> allContainers(Pod p) {
        List<Container> all = new ArrayList<>(Objects.requireNonNullElse(p.getSpec().getInitContainers(), List.of()));
        all.addAll(p.getSpec().getContainers());
        return all;
    }

    private static Map<String, ContainerStatus> statuses(Pod p) {
        Map<String, ContainerStatus> map = new HashMap<>();
        for (ContainerStatus s : Objects.requireNonNullElse(p.getStatus().getInitContainerStatuses(), List.<ContainerStatus>of())) {
            map.put(s.getName(), s);
        }
        for (ContainerStatus s : Objects.requireNonNullElse(p.getStatus().getContainerStatuses(), List.<ContainerStatus>of())) {
            map.put(s.getName(), s);
        }
        return map;
    }

    private String describe(String container) {
        if (stepsByContainer.containsKey(container)) {
            return "step '" + stepsByContainer.get(container).name() + "'";
        }
        if (container.startsWith("sidecar-")) {
            return "sidecar '" + container.substring("sidecar-".length()) + "'";
        }
        return "the results container";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
