package io.gitopsbridge.launch;

import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.source.GitSource;
import io.gitopsbridge.tekton.ParamValue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run of a Task or Pipeline.
 *
 * @param definition what to run
 * @param runName the run's name (Pods are named from it), a DNS-1123 label of at most 52 characters
 * @param namespace where the Pods run
 * @param params typed param values (see {@link Params#typed})
 * @param workspaces workspace bindings by name
 * @param podTemplate Pod settings
 * @param timeout the limit of one attempt of a Task (of each task of a Pipeline that sets none)
 * @param labels extra Pod labels
 * @param annotations extra Pod annotations
 * @param source a Git checkout to start a Task from, or {@code null}
 * @param options retries, retention, parallelism, fail-fast
 * @param taskPodTemplates for a Pipeline, Pod settings of some tasks by name instead of {@code podTemplate}
 * @param pipelineTimeout for a Pipeline, the limit of the whole run, or {@link Duration#ZERO} for none
 * @param secrets Secrets the run creates before its first Pod and deletes when it ends (credentials it was given)
 */
public record LaunchRequest(
        Definition definition,
        String runName,
        String namespace,
        Map<String, ParamValue> params,
        Map<String, WorkspaceSpec> workspaces,
        PodTemplate podTemplate,
        Duration timeout,
        Map<String, String> labels,
        Map<String, String> annotations,
        GitSource source,
        PipelineOptions options,
        Map<String, PodTemplate> taskPodTemplates,
        Duration pipelineTimeout,
        java.util.List<io.fabric8.kubernetes.api.model.Secret> secrets) {

    public LaunchRequest {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(namespace, "namespace");
        params = Map.copyOf(params);
        workspaces = Map.copyOf(workspaces);
        Objects.requireNonNull(podTemplate, "podTemplate");
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(options, "options");
        taskPodTemplates = Map.copyOf(taskPodTemplates);
        Objects.requireNonNull(pipelineTimeout, "pipelineTimeout");
        secrets = java.util.List.copyOf(secrets);
        if (source != null && definition instanceof Definition.OfPipeline) {
            throw new IllegalArgumentException("A Git source starts a Task; in Pipeline '" + definition.name()
                    + "' clone with a task of its own (such as the catalog's git-clone)");
        }
    }

    /** A run with default settings and a fresh name. */
    public static LaunchRequest of(Definition definition, String namespace, Map<String, ParamValue> params) {
        return new LaunchRequest(definition, runName(definition.name()), namespace, params, Map.of(), PodTemplate.NONE,
                TaskRunRequest.DEFAULT_TIMEOUT, Map.of(), Map.of(), null, PipelineOptions.DEFAULT, Map.of(), Duration.ZERO,
                java.util.List.of());
    }

    public LaunchRequest withWorkspaces(Map<String, WorkspaceSpec> bindings) {
        return new LaunchRequest(definition, runName, namespace, params, bindings, podTemplate, timeout, labels,
                annotations, source, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    public LaunchRequest withPodTemplate(PodTemplate template) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, template, timeout, labels,
                annotations, source, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    public LaunchRequest withTimeout(Duration limit) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, limit, labels,
                annotations, source, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    public LaunchRequest withMetadata(Map<String, String> podLabels, Map<String, String> podAnnotations) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, timeout, podLabels,
                podAnnotations, source, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    public LaunchRequest withSource(GitSource gitSource) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, timeout, labels,
                annotations, gitSource, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    public LaunchRequest withOptions(PipelineOptions runOptions) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, timeout, labels,
                annotations, source, runOptions, taskPodTemplates, pipelineTimeout, secrets);
    }

    /** The same run with another name. */
    public LaunchRequest withRunName(String name) {
        return new LaunchRequest(definition, name, namespace, params, workspaces, podTemplate, timeout, labels,
                annotations, source, options, taskPodTemplates, pipelineTimeout, secrets);
    }

    /** The same run of a Pipeline with per-task Pod settings and a limit for the whole run. */
    public LaunchRequest withPipelineSettings(Map<String, PodTemplate> templates, Duration limit) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, timeout, labels,
                annotations, source, options, templates, limit, secrets);
    }

    /** The same run, with Secrets created for it (and deleted after it). */
    public LaunchRequest withSecrets(java.util.List<io.fabric8.kubernetes.api.model.Secret> runSecrets) {
        return new LaunchRequest(definition, runName, namespace, params, workspaces, podTemplate, timeout, labels,
                annotations, source, options, taskPodTemplates, pipelineTimeout, runSecrets);
    }

    /**
     * A unique run name from a base name: at most 40 of its characters, a dash and five random base-36 characters,
     * so that runs of the same definition never collide and Pod names stay within 63 characters.
     */
    public static String runName(String base) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36), 36);
        String prefix = base.length() > 40 ? base.substring(0, 40).replaceAll("-+$", "") : base;
        return prefix + "-" + suffix;
    }
}
