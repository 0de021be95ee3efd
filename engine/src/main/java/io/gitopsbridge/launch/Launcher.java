package io.gitopsbridge.launch;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.pipeline.PipelineRunHandle;
import io.gitopsbridge.pipeline.PipelineRunRequest;
import io.gitopsbridge.pipeline.PipelineRunner;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunHandle;
import io.gitopsbridge.taskrun.TaskRunner;
import java.util.LinkedHashMap;
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
        Map<String, WorkspaceBinding> bound = new LinkedHashMap<>();
        Map<String, PersistentVolumeClaimSpec> claims = new LinkedHashMap<>();
        request.workspaces().forEach((name, spec) -> {
            if (spec instanceof WorkspaceSpec.Bound b) {
                bound.put(name, b.binding());
            } else if (spec instanceof WorkspaceSpec.Claim c) {
                claims.put(name, c.spec());
            }
        });
        if (request.definition() instanceof Definition.OfTask t) {
            if (!claims.isEmpty()) {
                throw new IllegalArgumentException("workspace '" + claims.keySet().iterator().next()
                        + "': claim:SIZE is for Pipelines; bind a Task's workspace to pvc:CLAIM or emptyDir");
            }
            TaskRunRequest run = TaskRunRequest.of(request.runName(), request.namespace(), t.task(), request.params())
                    .withWorkspaces(bound).withTimeout(request.timeout()).withPodTemplate(request.podTemplate())
                    .withMetadata(request.labels(), request.annotations());
            if (request.source() != null) {
                run = request.source().prepend(run);
            }
            return start(run, request.options().taskOptions(), sink);
        }
        Definition.OfPipeline p = (Definition.OfPipeline) request.definition();
        PipelineRunRequest run = new PipelineRunRequest(request.runName(), request.namespace(), p.pipeline(),
                request.params(), bound, claims, request.podTemplate(), request.timeout(), request.labels(),
                request.annotations());
        PipelineRunHandle handle = pipelines.start(run, request.options(), sink);
        return new Launch(request.runName(), handle.result().thenApply(Outcome::of), handle::cancel);
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
