package io.gitopsbridge.launch;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.pipeline.PipelineRunHandle;
import io.gitopsbridge.pipeline.PipelineRunRequest;
import io.gitopsbridge.pipeline.PipelineRunner;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Resume;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunHandle;
import io.gitopsbridge.taskrun.TaskRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts Tasks and Pipelines as Pods on one cluster. Closing it stops its threads, not the client. */
public final class Launcher implements AutoCloseable {
    private final TaskRunner tasks;
    private final PipelineRunner pipelines;

    public Launcher(KubernetesClient client, PodOptions podOptions) {
        this.tasks = new TaskRunner(client, podOptions);
        this.pipelines = new PipelineRunner(client, tasks);
    }

    /**
     * Starts a run; its Pods are created on other threads.
     *
     * @throws IllegalArgumentException if a workspace binding does not fit the definition
     */
    public Launch start(LaunchRequest request, LogSink sink) {
        if (request.definition() instanceof Definition.OfTask) {
            return start(taskRun(request), request.options().taskOptions(), sink);
        }
        PipelineRunHandle handle = pipelines.start(pipelineRun(request), request.options(), sink);
        return new Launch(request.runName(), handle.result().thenApply(Outcome::of), handle::cancel);
    }

    /**
     * Takes over a Task run whose Pod a process before a restart started (see {@link TaskRunner#resume}). A
     * Pipeline's schedule lives only in the runner that started it, so a Pipeline run cannot be taken over.
     *
     * @throws IllegalArgumentException for a Pipeline, or if a workspace binding does not fit the definition
     */
    public Launch resume(LaunchRequest request, LogSink sink, Resume resume) {
        if (!(request.definition() instanceof Definition.OfTask)) {
            throw new IllegalArgumentException("A Pipeline run cannot be followed again after a restart: its schedule"
                    + " was held by the process that started it");
        }
        return resume(taskRun(request.withRunName(resume.runName())), request.options().taskOptions(), sink, resume);
    }

    /** Takes over one prepared Task run, such as a Kaniko build's. */
    public Launch resume(TaskRunRequest request, RunOptions options, LogSink sink, Resume resume) {
        TaskRunHandle handle = tasks.resume(request, options, sink, resume);
        return new Launch(request.runName(), handle.result().thenApply(Outcome::of), handle::cancel);
    }

    /**
     * The Pods a run would create, in the order it would create them (a Pipeline's tasks in schedule order, with
     * references to results not yet known left as written); needs no cluster and creates nothing.
     */
    public static List<Pod> dryRun(LaunchRequest request, PodOptions podOptions) {
        PodBuilder builder = new PodBuilder(podOptions);
        List<TaskRunRequest> runs = request.definition() instanceof Definition.OfTask
                ? List.of(taskRun(request))
                : PipelineRunner.plan(pipelineRun(request));
        return runs.stream().map(r -> builder.build(r, 0, r.runName())).toList();
    }

    private static TaskRunRequest taskRun(LaunchRequest request) {
        Definition.OfTask t = (Definition.OfTask) request.definition();
        Map<String, WorkspaceBinding> bound = bound(request);
        if (bound.size() < request.workspaces().size()) {
            String claim = request.workspaces().keySet().stream().filter(w -> !bound.containsKey(w)).findFirst().orElseThrow();
            throw new IllegalArgumentException("workspace '" + claim
                    + "': a claim made for the run (claim:SIZE, volumeClaimTemplate) is for Pipelines; bind a Task's"
                    + " workspace to pvc:CLAIM or emptyDir");
        }
        TaskRunRequest run = TaskRunRequest.of(request.runName(), request.namespace(), t.task(), request.params())
                .withWorkspaces(bound).withTimeout(request.timeout()).withPodTemplate(request.podTemplate())
                .withMetadata(request.labels(), request.annotations());
        if (!request.secrets().isEmpty()) {
            run = run.extend(t.task(), Map.of(), request.secrets());
        }
        return request.source() != null ? request.source().prepend(run) : run;
    }

    private static PipelineRunRequest pipelineRun(LaunchRequest request) {
        Definition.OfPipeline p = (Definition.OfPipeline) request.definition();
        Map<String, PersistentVolumeClaimSpec> claims = new LinkedHashMap<>();
        request.workspaces().forEach((name, spec) -> {
            if (spec instanceof WorkspaceSpec.Claim c) {
                claims.put(name, c.spec());
            }
        });
        return new PipelineRunRequest(request.runName(), request.namespace(), p.pipeline(), request.params(),
                bound(request), claims, request.podTemplate(), request.taskPodTemplates(), request.timeout(),
                request.pipelineTimeout(), request.labels(), request.annotations(), request.secrets());
    }

    private static Map<String, WorkspaceBinding> bound(LaunchRequest request) {
        Map<String, WorkspaceBinding> bound = new LinkedHashMap<>();
        request.workspaces().forEach((name, spec) -> {
            if (spec instanceof WorkspaceSpec.Bound b) {
                bound.put(name, b.binding());
            }
        });
        return bound;
    }

    /** Starts one prepared Task run, such as a Kaniko build's. */
    public Launch start(TaskRunRequest request, RunOptions options, LogSink sink) {
        TaskRunHandle handle = tasks.start(request, options, sink);
        return new Launch(request.runName(), handle.result().thenApply(Outcome::of), handle::cancel);
    }

    @Override
    public void close() {
        pipelines.close();
        tasks.close();
    }
}
