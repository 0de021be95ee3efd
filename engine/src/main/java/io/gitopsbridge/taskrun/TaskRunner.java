package io.gitopsbridge.taskrun;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs Tasks as Pods on one cluster. Thread-safe; one runner can carry many runs at once. */
public final class TaskRunner implements AutoCloseable {
    private final KubernetesClient client;
    private final PodBuilder pods;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("gitops-bridge-taskrun"));

    public TaskRunner(KubernetesClient client, PodOptions podOptions) {
        this.client = client;
        this.pods = new PodBuilder(podOptions);
    }

    /**
     * Starts a run and returns at once.
     *
     * @throws IllegalArgumentException when the request does not fit the Task (params, workspaces, sidecars); nothing
     *     has been created then
     */
    public TaskRunHandle start(TaskRunRequest request, RunOptions options, LogSink sink) {
        String uid = UUID.randomUUID().toString();
        pods.build(request, 0, uid);
        TaskRunHandle handle = new TaskRunHandle();
        LogSink serial = new SerialLogSink(sink);
        threads.submit(() -> {
            try {
                handle.result().complete(runAttempts(request, options, serial, handle, uid));
            } catch (Throwable e) {
                handle.result().completeExceptionally(e);
            }
        });
        return handle;
    }

    /**
     * Takes over a run whose Pod another runner (a process before a restart) created and was following: follows the
     * running attempt's Pod, shows the log lines not shown yet, retries as {@code options} say, and deletes the
     * run's Secrets at the end.
     *
     * @param request the run as it was started; its name must be {@code resume.runName()}
     */
    public TaskRunHandle resume(TaskRunRequest request, RunOptions options, LogSink sink, Resume resume) {
        if (!request.runName().equals(resume.runName())) {
            throw new IllegalArgumentException("resuming run " + resume.runName() + " with a request for " + request.runName());
        }
        String uid = UUID.randomUUID().toString();
        // As start does: a request that no longer fits (a tightened policy) fails here, before anything is touched.
        pods.build(request, resume.attempt(), uid);
        TaskRunHandle handle = new TaskRunHandle();
        LogSink serial = new SerialLogSink(sink);
        threads.submit(() -> {
            try {
                List<String> secrets = request.secrets().stream().map(s -> s.getMetadata().getName()).toList();
                try {
                    handle.result().complete(attempts(request, options, serial, handle, uid, resume));
                } finally {
                    deleteSecrets(request, secrets, serial);
                }
            } catch (Throwable e) {
                handle.result().completeExceptionally(e);
            }
        });
        return handle;
    }

    /** Runs and waits for the result. */
    public TaskRunResult run(TaskRunRequest request, RunOptions options, LogSink sink) throws InterruptedException {
        TaskRunHandle handle = start(request, options, sink);
        try {
            return handle.result().get();
        } catch (InterruptedException e) {
            handle.cancel("interrupted");
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private TaskRunResult runAttempts(TaskRunRequest request, RunOptions options, LogSink sink, TaskRunHandle handle,
            String uid) throws InterruptedException {
        List<String> created = new ArrayList<>();
        try {
            for (Secret secret : request.secrets()) {
                // The run's labels too (a Jenkins build's id among them), so whoever cleans up a build's Pods after a
                // crash or restart finds its credentials as well.
                Secret named = new SecretBuilder(secret).editOrNewMetadata().withNamespace(request.namespace())
                        .addToLabels(request.labels())
                        .addToLabels(PodBuilder.MANAGED_BY, "gitops-bridge").addToLabels(PodBuilder.LABEL_RUN, request.runName())
                        .endMetadata().build();
                try {
                    client.secrets().inNamespace(request.namespace()).resource(named).create();
                } catch (KubernetesClientException e) {
                    return new TaskRunResult(TaskRunResult.Status.FAILED, "SecretCreationFailed", "Cannot create Secret "
                            + named.getMetadata().getName() + " in namespace " + request.namespace() + ": "
                            + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage()), Map.of(), List.of(), null, 0);
                }
                created.add(named.getMetadata().getName());
            }
            return attempts(request, options, sink, handle, uid, null);
        } finally {
            deleteSecrets(request, created, sink);
        }
    }

    private void deleteSecrets(TaskRunRequest request, List<String> names, LogSink sink) {
        for (String name : names) {
            try {
                client.secrets().inNamespace(request.namespace()).withName(name).delete();
            } catch (KubernetesClientException e) {
                sink.event("Could not delete Secret " + name + ": " + e.getMessage());
            }
        }
    }

    /** @param resume where a previous runner stopped, or {@code null} to start from the first attempt */
    private TaskRunResult attempts(TaskRunRequest request, RunOptions options, LogSink sink, TaskRunHandle handle,
            String uid, Resume resume) throws InterruptedException {
        int attempts = options.retries() + 1;
        // Failed attempts' Pods that own the run's Secrets, kept until a later attempt's Pod owns them too.
        List<Attempt> held = new ArrayList<>();
        for (int attempt = resume == null ? 0 : resume.attempt(); ; attempt++) {
            boolean resumed = resume != null && attempt == resume.attempt();
            sink.attemptStarted(attempt);
            Attempt run = new Attempt(client, request, pods.build(request, attempt, uid), options, sink, handle,
                    resumed ? resume.linesShown() : Map.of())
                    .holding(attempt + 1 < attempts, pod -> {
                        own(request, pod, sink);
                        held.forEach(Attempt::deleteIfHeld);
                        held.clear();
                    });
            TaskRunResult result = resumed ? run.resume(attempt + 1) : run.run(attempt + 1);
            boolean retryable = result.status() == TaskRunResult.Status.FAILED
                    || result.status() == TaskRunResult.Status.TIMED_OUT;
            if (!retryable || attempt + 1 >= attempts || handle.cancelled()) {
                held.forEach(Attempt::deleteIfHeld);
                run.deleteIfHeld();
                return result;
            }
            sink.event("Attempt " + (attempt + 1) + " of " + attempts + " failed: " + result.message()
                    + "; retrying with a new Pod");
            held.add(run);
        }
    }

    /**
     * Makes the attempt's Pod an owner of the run's Secrets: should nobody delete them (a controller that never
     * comes back), Kubernetes does once the run's Pods are gone.
     */
    private void own(TaskRunRequest request, Pod pod, LogSink sink) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
        for (Secret secret : request.secrets()) {
            String name = secret.getMetadata().getName();
            try {
                client.secrets().inNamespace(request.namespace()).withName(name)
                        .edit(s -> new SecretBuilder(s).editMetadata().addToOwnerReferences(owner).endMetadata().build());
            } catch (KubernetesClientException e) {
                sink.event("Could not make Pod " + owner.getName() + " the owner of Secret " + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Serialises calls from the attempt's thread and its log thread. */
    private static final class SerialLogSink implements LogSink {
        private final LogSink sink;

        SerialLogSink(LogSink sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void stepStarted(String step) {
            sink.stepStarted(step);
        }

        @Override
        public synchronized void line(String step, String line) {
            sink.line(step, line);
        }

        @Override
        public synchronized void event(String message) {
            sink.event(message);
        }

        @Override
        public synchronized void attemptStarted(int attempt) {
            sink.attemptStarted(attempt);
        }
    }
}
