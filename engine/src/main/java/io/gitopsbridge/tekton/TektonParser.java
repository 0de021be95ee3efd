package io.gitopsbridge.tekton;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Tekton Task YAML ({@code tekton.dev/v1}, and {@code v1beta1} where it differs only in names) and inline
 * task specs, and validates them. Every error names the file, the YAML path and the line.
 */
public final class TektonParser {
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final Set<String> API_VERSIONS = Set.of("tekton.dev/v1", "tekton.dev/v1beta1");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> SPEC_FIELDS = Set.of(
            "params", "steps", "stepTemplate", "sidecars", "workspaces", "results", "volumes", "description",
            "displayName");
    private static final Set<String> CONTAINER_FIELDS = Set.of(
            "name", "image", "command", "args", "script", "env", "envFrom", "workingDir", "computeResources",
            "resources", "securityContext", "volumeMounts", "imagePullPolicy");
    /** {@code displayName} is for UIs only, in Tekton as here. */
    private static final Set<String> STEP_FIELDS = union(CONTAINER_FIELDS,
            Set.of("timeout", "onError", "displayName", "ref", "params"));
    /** Step fields a StepAction provides, so a step with {@code ref} may not set them ({@code container_validation.go}). */
    private static final List<String> FROM_STEP_ACTION = List.of(
            "image", "command", "args", "script", "workingDir", "env", "volumeMounts");
    private static final Set<String> STEP_ACTION_FIELDS = Set.of("image", "command", "args", "script", "env",
            "workingDir", "securityContext", "volumeMounts", "params", "results", "description");
    private static final Set<String> SIDECAR_FIELDS =
            union(CONTAINER_FIELDS, Set.of("ports", "readinessProbe", "startupProbe", "livenessProbe"));
    /** Tekton step fields GitOps Bridge does not run; rejected by name rather than ignored. */
    private static final Set<String> UNSUPPORTED_STEP_FIELDS = Set.of(
            "results", "when", "stdoutConfig", "stderrConfig", "volumeDevices", "ports",
            "lifecycle", "livenessProbe", "readinessProbe", "startupProbe", "stdin", "tty");
    private static final Set<String> PARAM_FIELDS = Set.of("name", "type", "default", "description", "properties", "enum");
    private static final Set<String> WORKSPACE_FIELDS = Set.of("name", "mountPath", "readOnly", "optional", "description");
    private static final Set<String> RESULT_FIELDS = Set.of("name", "type", "description", "properties");

    private TektonParser() {}

    /** Reads a file holding one Task document. */
    public static Task task(String file, String text) {
        YamlNode doc = YamlFiles.document(file, text);
        return task(doc);
    }

    /** Reads a Task document. */
    public static Task task(YamlNode doc) {
        doc.onlyKeys(DOCUMENT_FIELDS, "a Task");
        String apiVersion = doc.required("apiVersion").string();
        if (!API_VERSIONS.contains(apiVersion)) {
            throw doc.get("apiVersion").error("apiVersion must be tekton.dev/v1 or tekton.dev/v1beta1, not '" + apiVersion + "'");
        }
        String kind = doc.required("kind").string();
        if (kind.equals("ClusterTask")) {
            throw doc.get("kind").error("ClusterTask was removed from Tekton; make it a Task");
        }
        if (!kind.equals("Task")) {
            throw doc.get("kind").error("kind must be Task, not '" + kind + "'");
        }
        YamlNode nameNode = doc.required("metadata").required("name");
        String name = nameNode.string();
        String problem = Names.labelProblem("Task name", name);
        if (problem != null) {
            throw nameNode.error(problem);
        }
        return new Task(name, taskSpec(doc.required("spec"), apiVersion.endsWith("v1beta1")), doc.file());
    }

    /** Reads an inline Task spec (the body of {@code spec:} or of a pipeline task's {@code taskSpec:}). */
    public static TaskSpec taskSpec(String file, String text) {
        return taskSpec(YamlFiles.document(file, text), false);
    }

    /** Reads and validates a Task spec node. */
    public static TaskSpec taskSpec(YamlNode spec, boolean v1beta1) {
        return taskSpec(spec, v1beta1, List.of());
    }

    /**
     * Reads and validates a Task spec node.
     *
     * @param outerParams params the steps may also use: for a pipeline task's inline {@code taskSpec}, the
     *     Pipeline's, which Tekton propagates into it
     */
    public static TaskSpec taskSpec(YamlNode spec, boolean v1beta1, List<ParamSpec> outerParams) {
        if (spec.map().containsKey("resources")) {
            throw spec.get("resources").error("PipelineResources were removed from Tekton; use workspaces and params");
        }
        spec.onlyKeys(SPEC_FIELDS, "a Task spec");
        List<ParamSpec> params = spec.optList("params").stream().map(TektonParser::param).toList();
        unique(params.stream().map(p -> Map.entry(p.name(), p.node())).toList(), "param");

        YamlNode template = spec.get("stepTemplate");
        if (!template.isNull()) {
            template.onlyKeys(CONTAINER_FIELDS, "stepTemplate");
        }
        List<YamlNode> stepNodes = spec.optList("steps");
        if (stepNodes.isEmpty()) {
            throw spec.error("a Task needs at least one step in 'steps'");
        }
        List<StepSpec> steps = new ArrayList<>();
        for (int i = 0; i < stepNodes.size(); i++) {
            steps.add(container(stepNodes.get(i), template, i, true, v1beta1));
        }
        unique(steps.stream().map(s -> Map.entry(s.name(), s.node())).toList(), "step");
        List<StepSpec> sidecars = new ArrayList<>();
        List<YamlNode> sidecarNodes = spec.optList("sidecars");
        for (int i = 0; i < sidecarNodes.size(); i++) {
            sidecars.add(container(sidecarNodes.get(i), null, i, false, v1beta1));
        }
        unique(sidecars.stream().map(s -> Map.entry(s.name(), s.node())).toList(), "sidecar");

        List<WorkspaceDeclaration> workspaces = spec.optList("workspaces").stream().map(TektonParser::workspace).toList();
        unique(workspaces.stream().map(w -> Map.entry(w.name(), w.node())).toList(), "workspace");
        List<ResultDeclaration> results = spec.optList("results").stream().map(TektonParser::result).toList();
        unique(results.stream().map(r -> Map.entry(r.name(), r.node())).toList(), "result");
        List<Volume> volumes = spec.optList("volumes").stream().map(v -> bind(v, Volume.class, "volume")).toList();

        TaskSpec taskSpec = new TaskSpec(params, steps, sidecars, workspaces, results, volumes,
                spec.optString("description").orElse(null));
        List<ParamSpec> visible = new ArrayList<>(outerParams);
        visible.addAll(params);
        VariableChecks.check(spec, visible, results);
        return taskSpec;
    }

    static ParamSpec param(YamlNode node) {
        node.onlyKeys(PARAM_FIELDS, "a param");
        YamlNode nameNode = node.required("name");
        String name = nameNode.string();
        String problem = Names.variableProblem("param name", name);
        if (problem != null) {
            throw nameNode.error(problem);
        }
        YamlNode defaultNode = node.get("default");
        ParamValue defaultValue = defaultNode.isNull() ? null : ParamValue.of(defaultNode);
        // Like Tekton, an untyped param takes its default's type.
        ParamType type = node.get("type").isNull() && defaultValue != null ? defaultValue.type() : ParamType.of(node.get("type"));
        if (defaultValue != null && defaultValue.type() != type) {
            throw defaultNode.error("default of param '" + name + "' is " + article(defaultValue.type())
                    + ", but the param is declared as " + article(type));
        }
        List<String> properties = node.get("properties").isNull() ? List.of() : List.copyOf(node.get("properties").map().keySet());
        List<String> enumValues = List.of();
        YamlNode enumNode = node.get("enum");
        if (!enumNode.isNull()) {
            // pkg/apis/pipeline/v1/param_types.go validateEnum
            if (type != ParamType.STRING) {
                throw enumNode.error("enum can only be set with string type param, and param '" + name + "' is "
                        + article(type));
            }
            enumValues = enumNode.mapList(YamlNode::string);
            if (enumValues.isEmpty() || new java.util.HashSet<>(enumValues).size() != enumValues.size()) {
                throw enumNode.error("enum of param '" + name + "' must list distinct values");
            }
            if (defaultValue instanceof ParamValue.Text t && !enumValues.contains(t.value())) {
                throw defaultNode.error("param default value " + t.value() + " not in the enum list "
                        + enumValues + " of param '" + name + "'");
            }
        }
        return new ParamSpec(name, type, defaultValue, properties, enumValues, node.optString("description").orElse(null), node);
    }

    private static WorkspaceDeclaration workspace(YamlNode node) {
        node.onlyKeys(WORKSPACE_FIELDS, "a workspace");
        YamlNode nameNode = node.required("name");
        String name = nameNode.string();
        String problem = Names.labelProblem("workspace name", name);
        if (problem != null) {
            throw nameNode.error(problem);
        }
        return new WorkspaceDeclaration(
                name,
                node.optString("mountPath").orElse("/workspace/" + name),
                !node.get("readOnly").isNull() && node.get("readOnly").bool(),
                !node.get("optional").isNull() && node.get("optional").bool(),
                node.optString("description").orElse(null),
                node);
    }

    private static ResultDeclaration result(YamlNode node) {
        node.onlyKeys(RESULT_FIELDS, "a result");
        YamlNode nameNode = node.required("name");
        String name = nameNode.string();
        String problem = Names.variableProblem("result name", name);
        if (problem != null) {
            throw nameNode.error(problem);
        }
        return new ResultDeclaration(name, ParamType.of(node.get("type")), node.optString("description").orElse(null), node);
    }

    private static StepSpec container(YamlNode node, YamlNode template, int index, boolean step, boolean v1beta1) {
        String what = step ? "a step" : "a sidecar";
        for (String key : node.map().keySet()) {
            if (step && UNSUPPORTED_STEP_FIELDS.contains(key)) {
                throw node.get(key).error("step field '" + key + "' is not supported by GitOps Bridge");
            }
        }
        node.onlyKeys(step ? STEP_FIELDS : SIDECAR_FIELDS, what);
        YamlNode merged = template == null || template.isNull() ? node : merge(node, template);
        String name;
        YamlNode nameNode = node.get("name");
        if (nameNode.isNull()) {
            name = (step ? "unnamed-" : "sidecar-unnamed-") + index;
        } else {
            name = nameNode.string();
            String problem = Names.labelProblem(step ? "step name" : "sidecar name", name);
            if (problem != null) {
                throw nameNode.error(problem);
            }
        }
        StepRef ref = step ? stepRef(node, name) : null;
        YamlNode imageNode = merged.get("image");
        if (ref == null && (imageNode.isNull() || imageNode.string().isBlank())) {
            throw node.error((step ? "step '" : "sidecar '") + name + "' needs an image");
        }
        // An empty script is no script, as in Tekton; a step's script replaces a stepTemplate's command.
        String script = merged.optString("script").filter(t -> !t.isEmpty()).orElse(null);
        if (script != null && !node.optList("command").isEmpty()) {
            throw node.get("script").error("step '" + name + "' has both script and command; use one of them");
        }
        String resourcesKey = node.map().containsKey("computeResources") || !v1beta1 ? "computeResources" : "resources";
        if (!v1beta1 && node.map().containsKey("resources")) {
            throw node.get("resources").error("in tekton.dev/v1 a step's resources are called 'computeResources'");
        }
        YamlNode resources = merged.get(resourcesKey);
        Duration timeout = null;
        YamlNode timeoutNode = merged.get("timeout");
        if (!timeoutNode.isNull()) {
            try {
                timeout = GoDuration.parse(timeoutNode.string());
            } catch (IllegalArgumentException e) {
                throw timeoutNode.error(e.getMessage());
            }
        }
        StepSpec.OnError onError = StepSpec.OnError.STOP_AND_FAIL;
        YamlNode onErrorNode = merged.get("onError");
        if (!onErrorNode.isNull()) {
            onError = switch (onErrorNode.string()) {
                case "continue" -> StepSpec.OnError.CONTINUE;
                case "stopAndFail" -> StepSpec.OnError.STOP_AND_FAIL;
                default -> throw onErrorNode.error("onError must be continue or stopAndFail, not '" + onErrorNode.string() + "'");
            };
        }
        return new StepSpec(
                name,
                imageNode.isNull() ? null : imageNode.string(),
                script != null ? List.of() : merged.strings("command"),
                merged.strings("args"),
                script,
                merged.optList("env").stream().map(e -> bind(e, EnvVar.class, "env var")).toList(),
                merged.optList("envFrom").stream().map(e -> bind(e, EnvFromSource.class, "envFrom")).toList(),
                merged.optString("workingDir").orElse(null),
                resources.isNull() ? null : bind(resources, ResourceRequirements.class, "computeResources"),
                merged.get("securityContext").isNull() ? null : bind(merged.get("securityContext"), SecurityContext.class, "securityContext"),
                merged.optList("volumeMounts").stream().map(v -> bind(v, VolumeMount.class, "volume mount")).toList(),
                merged.optString("imagePullPolicy").orElse(null),
                timeout,
                onError,
                step ? null : passthrough(merged),
                ref,
                node);
    }

    /** A step's {@code ref} and {@code params}, checked as Tekton checks them; {@code null} without a ref. */
    private static StepRef stepRef(YamlNode node, String name) {
        YamlNode ref = node.get("ref");
        if (ref.isNull()) {
            if (!node.get("params").isNull()) {
                throw node.get("params").error("params cannot be used without Ref (step '" + name + "')");
            }
            return null;
        }
        for (String field : FROM_STEP_ACTION) {
            if (!node.get(field).isNull()) {
                throw node.get(field).error(field.equals("workingDir") ? "working dir cannot be used with Ref"
                        : field + " cannot be used with Ref (it comes from the StepAction)");
            }
        }
        Refs.refuseRemote(ref, "step ref");
        ref.onlyKeys(Set.of("name"), "a step ref");
        Map<String, YamlNode> params = new LinkedHashMap<>();
        for (YamlNode p : node.optList("params")) {
            p.onlyKeys(Set.of("name", "value"), "a step param");
            YamlNode pn = p.required("name");
            if (params.put(pn.string(), p.required("value")) != null) {
                throw pn.error("param '" + pn.string() + "' is given twice");
            }
        }
        return new StepRef(ref.required("name").string(), params, null, ref);
    }

    /** Reads a {@code StepAction} document. */
    public static StepAction stepAction(YamlNode doc) {
        doc.onlyKeys(DOCUMENT_FIELDS, "a StepAction");
        String apiVersion = doc.required("apiVersion").string();
        if (!apiVersion.equals("tekton.dev/v1beta1") && !apiVersion.equals("tekton.dev/v1alpha1")) {
            throw doc.get("apiVersion").error("a StepAction's apiVersion must be tekton.dev/v1beta1 or tekton.dev/v1alpha1,"
                    + " not '" + apiVersion + "'");
        }
        YamlNode nameNode = doc.required("metadata").required("name");
        String problem = Names.labelProblem("StepAction name", nameNode.string());
        if (problem != null) {
            throw nameNode.error(problem);
        }
        YamlNode spec = doc.required("spec");
        spec.onlyKeys(STEP_ACTION_FIELDS, "a StepAction spec");
        if (!spec.optList("results").isEmpty()) {
            throw spec.get("results").error("StepAction results are not supported by GitOps Bridge: step results (steps"
                    + " are init containers, and no entrypoint passes results between them)");
        }
        YamlNode script = spec.get("script");
        if (script.isScalar() && script.string().contains("$(params.")) {
            // stepaction_validation.go validateNoParamSubstitutionsInScript
            throw script.errorAt(script.string().indexOf("$(params."), "param substitution in scripts is not allowed.");
        }
        List<ParamSpec> params = spec.optList("params").stream().map(TektonParser::param).toList();
        unique(params.stream().map(p -> Map.entry(p.name(), p.node())).toList(), "param");
        Map<String, YamlNode> fields = new LinkedHashMap<>(spec.map());
        fields.remove("params");
        fields.remove("results");
        fields.remove("description");
        fields.put("name", YamlNode.synthetic(doc.file(), nameNode.path(), nameNode.string()));
        YamlNode stepNode = YamlNode.synthetic(spec.file(), spec.path(), fields);
        VariableChecks.check(YamlNode.synthetic(spec.file(), spec.path(), Map.of("steps",
                YamlNode.synthetic(spec.file(), spec.path(), List.of(stepNode)))), params, List.of());
        return new StepAction(nameNode.string(), params, container(stepNode, null, 0, true, false), doc.file());
    }

    /** A sidecar's ports and probes, which Tekton copies to the Pod unchanged. */
    private static io.fabric8.kubernetes.api.model.Container passthrough(YamlNode node) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String key : List.of("ports", "readinessProbe", "startupProbe", "livenessProbe")) {
            if (!node.get(key).isNull()) {
                fields.put(key, ints(node.get(key).plain()));
            }
        }
        if (fields.isEmpty()) {
            return null;
        }
        try {
            return KUBE.convertValue(fields, io.fabric8.kubernetes.api.model.Container.class);
        } catch (IllegalArgumentException e) {
            throw node.error("invalid sidecar ports or probes: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Tekton's stepTemplate merge: step fields win; env and volumeMounts merge by name and mountPath. */
    private static YamlNode merge(YamlNode step, YamlNode template) {
        Map<String, YamlNode> merged = new LinkedHashMap<>(template.map());
        for (var e : step.map().entrySet()) {
            String key = e.getKey();
            if ((key.equals("env") || key.equals("volumeMounts")) && merged.containsKey(key)) {
                String id = key.equals("env") ? "name" : "mountPath";
                Map<String, YamlNode> byId = new LinkedHashMap<>();
                for (YamlNode item : merged.get(key).list()) {
                    byId.put(item.required(id).string(), item);
                }
                for (YamlNode item : e.getValue().list()) {
                    byId.put(item.required(id).string(), item);
                }
                merged.put(key, YamlNode.synthetic(step.file(), e.getValue().path(), new ArrayList<>(byId.values())));
            } else {
                merged.put(key, e.getValue());
            }
        }
        return YamlNode.synthetic(step.file(), step.path(), merged);
    }

    /** A Kubernetes object read from YAML; a wrong shape is an error naming the node. */
    public static <T> T bind(YamlNode node, Class<T> type, String what) {
        try {
            return KUBE.convertValue(ints(node.plain()), type);
        } catch (IllegalArgumentException e) {
            throw node.error("invalid " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Whole numbers as Integers where they fit, as fabric8's IntOrString (ports) needs them. */
    private static Object ints(Object plain) {
        if (plain instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, ints(v)));
            return out;
        }
        if (plain instanceof List<?> l) {
            return l.stream().map(TektonParser::ints).toList();
        }
        if (plain instanceof Number n && !(plain instanceof Double) && !(plain instanceof Float)
                && n.longValue() == n.intValue() && new java.math.BigDecimal(n.toString()).scale() <= 0) {
            return n.intValue();
        }
        return plain;
    }

    private static void unique(List<Map.Entry<String, YamlNode>> names, String what) {
        Map<String, YamlNode> seen = new HashMap<>();
        for (var e : names) {
            YamlNode first = seen.putIfAbsent(e.getKey(), e.getValue());
            if (first != null) {
                throw e.getValue().error("duplicate " + what + " name '" + e.getKey() + "' (also at " + first.path()
                        + ", line " + first.line() + ")");
            }
        }
    }

    private static String article(ParamType type) {
        return type == ParamType.ARRAY || type == ParamType.OBJECT ? "an " + type.yamlName() : "a " + type.yamlName();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
