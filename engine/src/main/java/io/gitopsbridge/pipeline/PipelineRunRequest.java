package io.gitopsbridge.pipeline;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a Pipeline.
 *
 * @param runName a DNS-1123 label; task runs are named {@code <runName>-<task>}
 * @param namespace where the Pods run
 * @param pipeline what to run
 * @param params pipeline param values
 * @param workspaces bindings of pipeline workspaces to existing volumes
 * @param claimTemplates pipeline workspaces backed by a PersistentVolumeClaim made for this run and deleted after it
 * @param podTemplate Pod settings for every task
 * @param taskPodTemplates Pod settings for some tasks by name, instead of {@code podTemplate} (a PipelineRun's
 *     {@code taskRunSpecs})
 * @param taskTimeout the limit of a task that sets none
 * @param timeout the limit of the whole run, finally tasks included, or {@link Duration#ZERO} for none
 * @param labels extra Pod labels
 * @param annotations extra Pod annotations
 * @param secrets Secrets created before the first task and deleted when the run ends
 */
public record PipelineRunRequest(
        String runName,
        String namespace,
        Pipeline pipeline,
        Map<String, ParamValue> params,
        Map<String, WorkspaceBinding> workspaces,
        Map<String, PersistentVolumeClaimSpec> claimTemplates,
        PodTemplate podTemplate,
        Map<String, PodTemplate> taskPodTemplates,
        Duration taskTimeout,
        Duration timeout,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<io.fabric8.kubernetes.api.model.Secret> secrets) {

    public PipelineRunRequest {
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(pipeline, "pipeline");
        params = Map.copyOf(params);
        workspaces = Map.copyOf(workspaces);
        claimTemplates = Map.copyOf(claimTemplates);
        taskPodTemplates = Map.copyOf(taskPodTemplates);
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public static PipelineRunRequest of(String runName, String namespace, Pipeline pipeline, Map<String, ParamValue> params) {
        return new PipelineRunRequest(runName, namespace, pipeline, params, Map.of(), Map.of(), PodTemplate.NONE, Map.of(),
                io.gitopsbridge.pod.TaskRunRequest.DEFAULT_TIMEOUT, Duration.ZERO, Map.of(), Map.of(), List.of());
    }

    public PipelineRunRequest withWorkspaces(Map<String, WorkspaceBinding> bindings, Map<String, PersistentVolumeClaimSpec> templates) {
        return new PipelineRunRequest(runName, namespace, pipeline, params, bindings, templates, podTemplate,
                taskPodTemplates, taskTimeout, timeout, labels, annotations, secrets);
    }
}
