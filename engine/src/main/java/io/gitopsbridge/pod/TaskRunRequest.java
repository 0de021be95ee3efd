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
 * @param secrets Secrets the run creates before its first Pod and deletes when it ends (Git and registry
 *     credentials), so that credentials live in the cluster only while they are needed
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
        Map<String, String> annotations,
        java.util.List<io.fabric8.kubernetes.api.model.Secret> secrets) {

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
        secrets = java.util.List.copyOf(secrets);
        if (runName.length() > 52 || !runName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("run name '" + runName + "' must be a DNS-1123 label of at most 52"
                    + " characters, so that its Pod names fit in 63");
        }
    }

    /** A request with no workspaces, template, labels or annotations and the default timeout. */
    public static TaskRunRequest of(String runName, String namespace, Task task, Map<String, ParamValue> params) {
        return new TaskRunRequest(runName, namespace, task, params, Map.of(), PodTemplate.NONE, DEFAULT_TIMEOUT,
                Map.of(), Map.of(), java.util.List.of());
    }

    public TaskRunRequest withWorkspaces(Map<String, WorkspaceBinding> bindings) {
        return new TaskRunRequest(runName, namespace, task, params, bindings, podTemplate, timeout, labels, annotations, secrets);
    }

    public TaskRunRequest withTimeout(Duration limit) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, podTemplate, limit, labels, annotations, secrets);
    }

    public TaskRunRequest withPodTemplate(PodTemplate template) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, template, timeout, labels, annotations, secrets);
    }

    public TaskRunRequest withMetadata(Map<String, String> podLabels, Map<String, String> podAnnotations) {
        return new TaskRunRequest(runName, namespace, task, params, workspaces, podTemplate, timeout, podLabels, podAnnotations, secrets);
    }

    /** The same run with another Task, more workspaces and more Secrets: how sources and builds extend a run. */
    public TaskRunRequest extend(Task newTask, Map<String, WorkspaceBinding> moreWorkspaces,
            java.util.List<io.fabric8.kubernetes.api.model.Secret> moreSecrets) {
        Map<String, WorkspaceBinding> ws = new java.util.LinkedHashMap<>(workspaces);
        ws.putAll(moreWorkspaces);
        java.util.List<io.fabric8.kubernetes.api.model.Secret> all = new java.util.ArrayList<>(secrets);
        all.addAll(moreSecrets);
        return new TaskRunRequest(runName, namespace, newTask, params, ws, podTemplate, timeout, labels, annotations, all);
    }

    /** The Pod name of attempt {@code attempt} (0 for the first). */
    public String podName(int attempt) {
        return runName + "-pod" + (attempt == 0 ? "" : "-retry" + attempt);
    }
}
