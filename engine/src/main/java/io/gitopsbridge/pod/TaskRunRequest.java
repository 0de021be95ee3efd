package io.gitopsbridge.pod;

import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Task;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a Task.
 *
 * @param runName the run's name, a DNS-1123 label of at most 52 characters; its Pods are {@code <runName>-pod},
 *     then {@code <runName>-pod-retry<N>}
 * @param namespace where the Pod runs
 * @param task what to run
 * @param params param values by name; defaults fill the rest
 * @param workspaces what backs each declared workspace
 * @param podTemplate Pod-level settings
 * @param timeout the limit of each attempt, or {@link Duration#ZERO} for none
 * @param labels extra Pod labels
 * @param annotations extra Pod annotations, such as the Jenkins build that started the run
 */
public record TaskRunRequest(
        String runName,
        String namespace,
        Task task,
        Map<String, ParamValue> params,
        Map<String, WorkspaceBinding> workspaces,
        PodTemplate podTemplate,
        Duration timeout,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public TaskRunRequest {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(task, "task");
        params = Map.copyOf(params);
        workspaces = Map.copyOf(workspaces);
        Objects.requireNonNull(podTemplate, "podTemplate");
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        if (runName.length() > 52 || !runName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("run name '" + runName + "' must be a DNS-1123 label of at most 52"
                    + " characters, so that its Pod names fit in 63");
        }
    }

    /** A request with no workspaces, template, labels or annotations and the default timeout. */
    public static TaskRunRequest of(String runName, String namespace, Task task, Map<String, ParamValue> params) {
        return new TaskRunRequest(runName, namespace, task, params, Map.of(), PodTemplate.NONE, DEFAULT_TIMEOUT,
                Map.of(), Map.of());
    }

    public TaskRunRequest withWorkspaces(Map<String, WorkspaceBinding> bindings) {
        return new TaskRunRequest(runName, namespace, task, params, bindings, podTemplate, timeout, labels, annotations);
    }

    public TaskRunRequest withTimeout(Duration limit) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, podTemplate, limit, labels, annotations);
    }

    public TaskRunRequest withPodTemplate(PodTemplate template) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, template, timeout, labels, annotations);
    }

    public TaskRunRequest withMetadata(Map<String, String> podLabels, Map<String, String> podAnnotations) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, podTemplate, timeout, podLabels, podAnnotations);
    }

    /** The Pod name of attempt {@code attempt} (0 for the first). */
    public String podName(int attempt) {
        return runName + "-pod" + (attempt == 0 ? "" : "-retry" + attempt);
    }
}
