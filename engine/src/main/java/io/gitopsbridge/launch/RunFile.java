package io.gitopsbridge.launch;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.StepActions;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A file given to {@code run}: a Task or a Pipeline, or a TaskRun or PipelineRun ({@code tekton.dev/v1} or
 * {@code v1beta1}) together with what it runs, which may sit in the same file (as Tekton's own examples keep them)
 * or be found by name. Every field of a run is either applied as Tekton applies it or refused by name.
 *
 * @param definition what to run
 * @param settings what the run document says about the run; {@link RunSettings#NONE} for a bare Task or Pipeline
 */
public record RunFile(Definition definition, RunSettings settings) {
    private static final Set<String> API_VERSIONS = Set.of("tekton.dev/v1", "tekton.dev/v1beta1");
    private static final Set<String> TEMPLATE_FIELDS = Set.of("nodeSelector", "tolerations", "affinity",
            "securityContext", "imagePullSecrets", "runtimeClassName", "priorityClassName");
    private static final Set<String> TEMPLATE_REFUSED = Set.of("env", "volumes", "dnsPolicy", "dnsConfig",
            "enableServiceLinks", "automountServiceAccountToken", "schedulerName", "hostAliases", "hostNetwork",
            "hostUsers", "topologySpreadConstraints");

    /**
     * What a run document sets.
     *
     * @param name {@code metadata.name}, or {@code null}
     * @param generateName {@code metadata.generateName}, or {@code null}
     * @param namespace {@code metadata.namespace}, or {@code null}
     * @param labels {@code metadata.labels}, which Tekton copies to the run's Pods
     * @param annotations {@code metadata.annotations}, likewise
     * @param params param values
     * @param workspaces workspace bindings
     * @param podTemplate Pod settings (service account included), or {@code null}
     * @param taskPodTemplates a PipelineRun's {@code taskRunSpecs}: Pod settings by pipeline task
     * @param timeout a TaskRun's {@code timeout}, or {@code null}
     * @param pipelineTimeout a PipelineRun's {@code timeouts.pipeline} (v1beta1 {@code timeout}), or {@code null}
     * @param retries a TaskRun's {@code retries}, or {@code null}
     */
    public record RunSettings(
            String name,
            String generateName,
            String namespace,
            Map<String, String> labels,
            Map<String, String> annotations,
            Map<String, ParamValue> params,
            Map<String, WorkspaceSpec> workspaces,
            PodTemplate podTemplate,
            Map<String, PodTemplate> taskPodTemplates,
            Duration timeout,
            Duration pipelineTimeout,
            Integer retries) {

        public static final RunSettings NONE = new RunSettings(null, null, null, Map.of(), Map.of(), Map.of(), Map.of(),
                null, Map.of(), null, null, null);

        public RunSettings {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            workspaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workspaces));
            taskPodTemplates = Map.copyOf(taskPodTemplates);
        }

        /**
         * The run's name: {@code metadata.name}, or {@code generateName} with five random characters as the API
         * server adds them, or a fresh name from the definition's.
         */
        public String runName(String definitionName) {
            if (name != null) {
                return name;
            }
            if (generateName != null) {
                String base = generateName.length() > 47 ? generateName.substring(0, 47) : generateName;
                return base + LaunchRequest.runName("x").substring(2);
            }
            return LaunchRequest.runName(definitionName);
        }
    }

    /**
     * A run of this file: what its run document says, with the caller's settings (a command line's, a step's) over
     * it.
     *
     * @param namespace the caller's explicit namespace, or {@code null} for the document's, else {@code fallback}
     * @param params loosely typed param values over the document's
     * @param workspaces bindings over the document's
     * @param template Pod settings over the document's (a service account, for one)
     * @param timeout the caller's explicit limit of a task attempt, or {@code null} for the document's, else 1h
     * @param options retries (the document's apply when the caller asks for none), parallelism, fail-fast
     */
    public LaunchRequest request(String namespace, String fallback, Map<String, ?> params,
            Map<String, WorkspaceSpec> workspaces, PodTemplate template, Duration timeout,
            io.gitopsbridge.pipeline.PipelineOptions options) {
        Map<String, ParamValue> values = new LinkedHashMap<>(settings.params());
        values.putAll(Params.typed(definition.params(), params));
        Map<String, WorkspaceSpec> bound = new LinkedHashMap<>(settings.workspaces());
        bound.putAll(workspaces);
        PodTemplate pod = merge(settings.podTemplate() == null ? PodTemplate.NONE : settings.podTemplate(), template);
        Map<String, PodTemplate> perTask = new LinkedHashMap<>();
        settings.taskPodTemplates().forEach((task, t) -> perTask.put(task, merge(t, template)));
        io.gitopsbridge.pipeline.PipelineOptions runOptions = options;
        if (settings.retries() != null && options.taskOptions().retries() == 0) {
            runOptions = options.withTaskOptions(options.taskOptions().withRetries(settings.retries()));
        }
        String ns = namespace != null ? namespace : settings.namespace() != null ? settings.namespace() : fallback;
        Duration limit = timeout != null ? timeout
                : settings.timeout() != null ? settings.timeout() : io.gitopsbridge.pod.TaskRunRequest.DEFAULT_TIMEOUT;
        return LaunchRequest.of(definition, ns, values)
                .withRunName(settings.runName(definition.name()))
                .withWorkspaces(bound)
                .withPodTemplate(pod)
                .withTimeout(limit)
                .withMetadata(settings.labels(), settings.annotations())
                .withOptions(runOptions)
                .withPipelineSettings(perTask, settings.pipelineTimeout() == null ? Duration.ZERO : settings.pipelineTimeout());
    }

    /**
     * Reads a file.
     *
     * @param tasks where {@code taskRef}s (and a PipelineRun's {@code pipelineRef}, as {@code <name>.yaml}) are found
     *     when the file does not hold them
     * @throws io.gitopsbridge.yaml.YamlException naming the file, line and field of the first problem
     */
    public static RunFile parse(String file, String text, TaskResolver tasks, TaskResolver.Files pipelines) {
        List<YamlNode> docs = YamlFiles.documents(file, text).stream().filter(d -> !d.isNull()).toList();
        if (docs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no Tekton document in the file");
        }
        List<YamlNode> runs = new ArrayList<>();
        List<Task> localTasks = new ArrayList<>();
        List<io.gitopsbridge.tekton.StepAction> localActions = new ArrayList<>();
        List<YamlNode> localPipelines = new ArrayList<>();
        for (YamlNode doc : docs) {
            String kind = doc.required("kind").string();
            switch (kind) {
                case "TaskRun", "PipelineRun" -> runs.add(doc);
                case "Task", "ClusterTask" -> localTasks.add(TektonParser.task(doc));
                case "StepAction" -> localActions.add(TektonParser.stepAction(doc));
                case "Pipeline" -> localPipelines.add(doc);
                default -> throw doc.get("kind").error("kind " + kind + " is not a Tekton Task, Pipeline, StepAction,"
                        + " TaskRun or PipelineRun; 'run' does not create other objects: create it with kubectl first");
            }
        }
        TaskResolver resolver = new TaskResolver() {
            @Override
            public Optional<Task> find(String name) {
                return localTasks.stream().filter(t -> t.name().equals(name)).findFirst().or(() -> tasks.find(name));
            }

            @Override
            public Optional<io.gitopsbridge.tekton.StepAction> stepAction(String name) {
                return localActions.stream().filter(a -> a.name().equals(name)).findFirst().or(() -> tasks.stepAction(name));
            }
        };
        if (runs.size() > 1) {
            throw runs.get(1).error("the file holds " + runs.size() + " runs; 'run' runs one (first at line "
                    + runs.get(0).line() + ")");
        }
        if (runs.isEmpty()) {
            if (localPipelines.size() == 1) {
                return new RunFile(new Definition.OfPipeline(PipelineParser.pipeline(localPipelines.get(0), resolver)), RunSettings.NONE);
            }
            if (localPipelines.isEmpty() && localTasks.size() == 1) {
                return new RunFile(new Definition.OfTask(StepActions.attach(localTasks.get(0), resolver::stepAction)),
                        RunSettings.NONE);
            }
            throw docs.get(0).error("the file holds " + localTasks.size() + " Tasks and " + localPipelines.size()
                    + " Pipelines but no TaskRun or PipelineRun saying which to run");
        }
        YamlNode run = runs.get(0);
        String apiVersion = run.required("apiVersion").string();
        if (!API_VERSIONS.contains(apiVersion)) {
            throw run.get("apiVersion").error("apiVersion must be tekton.dev/v1 or tekton.dev/v1beta1, not '" + apiVersion + "'");
        }
        boolean v1beta1 = apiVersion.endsWith("v1beta1");
        return run.get("kind").string().equals("TaskRun")
                ? taskRun(run, v1beta1, resolver)
                : pipelineRun(run, v1beta1, resolver, localPipelines, pipelines);
    }

    private static RunFile taskRun(YamlNode run, boolean v1beta1, TaskResolver resolver) {
        YamlNode spec = run.required("spec");
        refuse(spec, Map.of(
                "resources", "PipelineResources were removed from Tekton; use workspaces and params",
                "debug", "debug (breakpoints) is not supported by GitOps Bridge: steps cannot be paused",
                "status", "spec.status is not supported by GitOps Bridge: a run is cancelled by stopping 'run' or the build",
                "stepSpecs", "stepSpecs are not supported by GitOps Bridge: compute resource overrides; set computeResources in the Task",
                "sidecarSpecs", "sidecarSpecs are not supported by GitOps Bridge: compute resource overrides; set computeResources in the Task",
                "stepOverrides", "stepOverrides are not supported by GitOps Bridge: compute resource overrides; set resources in the Task",
                "sidecarOverrides", "sidecarOverrides are not supported by GitOps Bridge: compute resource overrides; set resources in the Task",
                "computeResources", "computeResources on a TaskRun is not supported by GitOps Bridge: set them on the Task's steps"));
        spec.onlyKeys(Set.of("params", "taskRef", "taskSpec", "workspaces", "serviceAccountName", "podTemplate",
                "timeout", "retries", "statusMessage"), "a TaskRun spec");
        Metadata meta = metadata(run);
        YamlNode ref = spec.get("taskRef");
        YamlNode inline = spec.get("taskSpec");
        if (ref.isNull() == inline.isNull()) {
            throw spec.error("a TaskRun needs exactly one of taskRef and taskSpec");
        }
        Task task;
        if (!ref.isNull()) {
            task = io.gitopsbridge.tekton.Refs.task(ref, resolver);
        } else {
            task = new Task(meta.baseName(), TektonParser.taskSpec(inline, v1beta1, runParams(spec)), inline.file());
        }
        Duration timeout = spec.get("timeout").isNull() ? null : duration(spec.get("timeout"));
        Integer retries = spec.get("retries").isNull() ? null : (int) spec.get("retries").number();
        PodTemplate template = podTemplate(spec.get("podTemplate"), spec.optString("serviceAccountName").orElse(null));
        return new RunFile(new Definition.OfTask(StepActions.attach(task, resolver::stepAction)), new RunSettings(meta.name(),
                meta.generateName(), meta.namespace(),
                meta.labels(), meta.annotations(), params(spec), workspaces(spec, false), template, Map.of(), timeout, null,
                retries));
    }

    private static RunFile pipelineRun(YamlNode run, boolean v1beta1, TaskResolver resolver, List<YamlNode> local,
            TaskResolver.Files files) {
        YamlNode spec = run.required("spec");
        refuse(spec, Map.of(
                "resources", "PipelineResources were removed from Tekton; use workspaces and params",
                "status", "spec.status is not supported by GitOps Bridge: a run is cancelled by stopping 'run' or the build",
                "serviceAccountNames", "serviceAccountNames was removed from Tekton; use taskRunSpecs[].serviceAccountName",
                "managedBy", "managedBy is not supported by GitOps Bridge: GitOps Bridge runs the PipelineRun itself"));
        spec.onlyKeys(v1beta1
                ? Set.of("params", "pipelineRef", "pipelineSpec", "workspaces", "serviceAccountName", "podTemplate",
                        "timeout", "timeouts", "taskRunSpecs")
                : Set.of("params", "pipelineRef", "pipelineSpec", "workspaces", "taskRunTemplate", "timeouts",
                        "taskRunSpecs"), "a PipelineRun spec");
        Metadata meta = metadata(run);
        YamlNode ref = spec.get("pipelineRef");
        YamlNode inline = spec.get("pipelineSpec");
        if (ref.isNull() == inline.isNull()) {
            throw spec.error("a PipelineRun needs exactly one of pipelineRef and pipelineSpec");
        }
        Pipeline pipeline;
        if (!ref.isNull()) {
            io.gitopsbridge.tekton.Refs.refuseRemote(ref, "pipelineRef");
            ref.onlyKeys(Set.of("name", "apiVersion"), "a pipelineRef");
            YamlNode name = ref.required("name");
            Optional<YamlNode> doc = local.stream()
                    .filter(d -> d.get("metadata").get("name").isScalar() && d.get("metadata").get("name").string().equals(name.string()))
                    .findFirst();
            if (doc.isEmpty()) {
                doc = fromFiles(files, name.string());
            }
            pipeline = PipelineParser.pipeline(doc.orElseThrow(() -> name.error("no Pipeline named '" + name.string()
                    + "' was found (in this file, or as " + name.string() + ".yaml in the tasks directory)")), resolver);
        } else {
            pipeline = PipelineParser.spec(meta.baseName(), inline, resolver, v1beta1, runParams(spec));
        }
        YamlNode template = v1beta1 ? spec : spec.get("taskRunTemplate");
        if (!v1beta1 && !template.isNull()) {
            template.onlyKeys(Set.of("serviceAccountName", "podTemplate"), "a taskRunTemplate");
        }
        PodTemplate podTemplate = template.isNull() ? null
                : podTemplate(template.get("podTemplate"), template.optString("serviceAccountName").orElse(null));
        Map<String, PodTemplate> perTask = new LinkedHashMap<>();
        for (YamlNode s : spec.optList("taskRunSpecs")) {
            String sa = v1beta1 ? "taskServiceAccountName" : "serviceAccountName";
            String pt = v1beta1 ? "taskPodTemplate" : "podTemplate";
            refuse(s, Map.of(
                    "stepSpecs", "taskRunSpecs[].stepSpecs are not supported by GitOps Bridge: compute resource overrides",
                    "sidecarSpecs", "taskRunSpecs[].sidecarSpecs are not supported by GitOps Bridge: compute resource overrides",
                    "stepOverrides", "taskRunSpecs[].stepOverrides are not supported by GitOps Bridge: compute resource overrides",
                    "sidecarOverrides", "taskRunSpecs[].sidecarOverrides are not supported by GitOps Bridge: compute resource overrides",
                    "computeResources", "taskRunSpecs[].computeResources is not supported by GitOps Bridge: set them on the Task's steps",
                    "metadata", "taskRunSpecs[].metadata is not supported by GitOps Bridge: set labels on the PipelineRun",
                    "timeout", "taskRunSpecs[].timeout is not supported by GitOps Bridge: set timeout on the pipeline task"));
            s.onlyKeys(Set.of("pipelineTaskName", sa, pt), "a taskRunSpec");
            YamlNode task = s.required("pipelineTaskName");
            if (pipeline.task(task.string()).isEmpty()) {
                throw task.error("taskRunSpecs names pipeline task '" + task.string() + "', which Pipeline '"
                        + pipeline.name() + "' does not have");
            }
            PodTemplate base = podTemplate == null ? PodTemplate.NONE : podTemplate;
            PodTemplate own = podTemplate(s.get(pt), s.optString(sa).orElse(null));
            perTask.put(task.string(), merge(base, own));
        }
        Duration pipelineTimeout = null;
        YamlNode timeouts = spec.get("timeouts");
        if (!timeouts.isNull()) {
            refuse(timeouts, Map.of(
                    "tasks", "timeouts.tasks is not supported by GitOps Bridge: set timeouts.pipeline, or timeout on each task",
                    "finally", "timeouts.finally is not supported by GitOps Bridge: set timeouts.pipeline, or timeout on each finally task"));
            timeouts.onlyKeys(Set.of("pipeline"), "timeouts");
            pipelineTimeout = duration(timeouts.required("pipeline"));
        } else if (v1beta1 && !spec.get("timeout").isNull()) {
            pipelineTimeout = duration(spec.get("timeout"));
        }
        return new RunFile(new Definition.OfPipeline(pipeline), new RunSettings(meta.name(), meta.generateName(),
                meta.namespace(), meta.labels(), meta.annotations(), params(spec), workspaces(spec, true), podTemplate,
                perTask, null, pipelineTimeout, null));
    }

    private static Optional<YamlNode> fromFiles(TaskResolver.Files files, String name) {
        try {
            for (String candidate : List.of(name + ".yaml", name + ".yml")) {
                Optional<String> text = files.read(candidate);
                if (text.isPresent()) {
                    return Optional.of(YamlFiles.document(candidate, text.get()));
                }
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot read Pipeline '" + name + "': " + e.getMessage(), e);
        }
    }

    private record Metadata(String name, String generateName, String namespace, Map<String, String> labels,
            Map<String, String> annotations) {
        /** The name an embedded spec takes: the run's name, or its generateName without the trailing dash. */
        String baseName() {
            return name != null ? name : generateName.replaceAll("-+$", "");
        }
    }

    private static Metadata metadata(YamlNode run) {
        YamlNode meta = run.required("metadata");
        String name = meta.optString("name").orElse(null);
        String generateName = meta.optString("generateName").orElse(null);
        if (name == null && generateName == null) {
            throw meta.error("a run needs metadata.name or metadata.generateName");
        }
        String problem = io.gitopsbridge.tekton.Names.labelProblem("run name",
                name != null ? name : generateName.replaceAll("-+$", "") + "-x");
        if (problem != null) {
            throw meta.get(name != null ? "name" : "generateName").error(problem);
        }
        return new Metadata(name, generateName, meta.optString("namespace").orElse(null), strings(meta.get("labels")),
                strings(meta.get("annotations")));
    }

    private static Map<String, String> strings(YamlNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!node.isNull()) {
            node.map().forEach((k, v) -> out.put(k, v.string()));
        }
        return out;
    }

    /** The params a run passes, as declarations: Tekton propagates them into an embedded spec. */
    private static List<io.gitopsbridge.tekton.ParamSpec> runParams(YamlNode spec) {
        List<io.gitopsbridge.tekton.ParamSpec> out = new ArrayList<>();
        for (YamlNode p : spec.optList("params")) {
            ParamValue v = ParamValue.of(p.required("value"));
            List<String> keys = v instanceof ParamValue.Object o ? List.copyOf(o.values().keySet()) : List.of();
            out.add(new io.gitopsbridge.tekton.ParamSpec(p.required("name").string(), v.type(), v, keys, List.of(), null, p));
        }
        return out;
    }

    private static Map<String, ParamValue> params(YamlNode spec) {
        Map<String, ParamValue> params = new LinkedHashMap<>();
        for (YamlNode p : spec.optList("params")) {
            p.onlyKeys(Set.of("name", "value"), "a param");
            YamlNode name = p.required("name");
            if (params.containsKey(name.string())) {
                throw name.error("param '" + name.string() + "' is given twice");
            }
            params.put(name.string(), ParamValue.of(p.required("value")));
        }
        return params;
    }

    private static Map<String, WorkspaceSpec> workspaces(YamlNode spec, boolean pipeline) {
        Map<String, WorkspaceSpec> out = new LinkedHashMap<>();
        Set<String> sources = Set.of("emptyDir", "persistentVolumeClaim", "configMap", "secret", "projected", "csi",
                "volumeClaimTemplate");
        for (YamlNode w : spec.optList("workspaces")) {
            w.onlyKeys(union(sources, Set.of("name", "subPath")), "a workspace binding");
            String name = w.required("name").string();
            List<String> given = w.map().keySet().stream().filter(sources::contains).toList();
            if (given.size() != 1) {
                throw w.error("workspace '" + name + "' needs exactly one of " + String.join(", ", new java.util.TreeSet<>(sources)));
            }
            String source = given.get(0);
            String subPath = w.optString("subPath").orElse(null);
            if (source.equals("volumeClaimTemplate")) {
                if (!pipeline) {
                    throw w.get(source).error("workspace '" + name + "': volumeClaimTemplate in a TaskRun is not supported"
                            + " by GitOps Bridge: a claim made for the run; use persistentVolumeClaim or emptyDir, or a PipelineRun");
                }
                if (subPath != null) {
                    throw w.get("subPath").error("workspace '" + name + "': subPath with volumeClaimTemplate is not supported"
                            + " by GitOps Bridge: bind the claim without subPath");
                }
                YamlNode claimSpec = w.get(source).required("spec");
                out.put(name, new WorkspaceSpec.Claim(TektonParser.bind(claimSpec, PersistentVolumeClaimSpec.class, "volumeClaimTemplate spec")));
                continue;
            }
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("name", name);
            volume.put(source, w.get(source).isNull() ? Map.of() : w.get(source).plain());
            Volume v = TektonParser.bind(YamlNode.of(w.file(), volume), Volume.class, "workspace binding");
            out.put(name, new WorkspaceSpec.Bound(new WorkspaceBinding.Source(v, subPath)));
        }
        return out;
    }

    /** Tekton's pod template, where GitOps Bridge applies it; other fields are refused by name. */
    static PodTemplate podTemplate(YamlNode node, String serviceAccountName) {
        if (node.isNull()) {
            return new PodTemplate(Map.of(), List.of(), null, null, serviceAccountName, List.of(), null, null);
        }
        for (String key : node.map().keySet()) {
            if (TEMPLATE_REFUSED.contains(key)) {
                throw node.get(key).error("podTemplate field '" + key + "' is not supported by GitOps Bridge: set it in"
                        + " the Task (env, volumes) or leave it to the cluster's defaults");
            }
        }
        node.onlyKeys(TEMPLATE_FIELDS, "a podTemplate");
        List<Toleration> tolerations = node.optList("tolerations").stream()
                .map(t -> TektonParser.bind(t, Toleration.class, "toleration")).toList();
        List<String> pullSecrets = node.optList("imagePullSecrets").stream().map(s -> s.required("name").string()).toList();
        return new PodTemplate(strings(node.get("nodeSelector")), tolerations,
                node.get("affinity").isNull() ? null : TektonParser.bind(node.get("affinity"), Affinity.class, "affinity"),
                node.get("securityContext").isNull() ? null : TektonParser.bind(node.get("securityContext"), PodSecurityContext.class, "securityContext"),
                serviceAccountName, pullSecrets, node.optString("runtimeClassName").orElse(null),
                node.optString("priorityClassName").orElse(null));
    }

    /** {@code GetTaskRunSpec}: a task's own settings over the run's, field by field. */
    private static PodTemplate merge(PodTemplate base, PodTemplate own) {
        return new PodTemplate(
                own.nodeSelector().isEmpty() ? base.nodeSelector() : own.nodeSelector(),
                own.tolerations().isEmpty() ? base.tolerations() : own.tolerations(),
                own.affinity() != null ? own.affinity() : base.affinity(),
                own.securityContext() != null ? own.securityContext() : base.securityContext(),
                own.serviceAccountName() != null ? own.serviceAccountName() : base.serviceAccountName(),
                own.imagePullSecrets().isEmpty() ? base.imagePullSecrets() : own.imagePullSecrets(),
                own.runtimeClassName() != null ? own.runtimeClassName() : base.runtimeClassName(),
                own.priorityClassName() != null ? own.priorityClassName() : base.priorityClassName());
    }

    private static void refuse(YamlNode node, Map<String, String> refused) {
        for (var e : refused.entrySet()) {
            if (node.map().containsKey(e.getKey())) {
                throw node.get(e.getKey()).error(e.getValue());
            }
        }
    }

    private static Duration duration(YamlNode node) {
        try {
            return GoDuration.parse(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }


    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
