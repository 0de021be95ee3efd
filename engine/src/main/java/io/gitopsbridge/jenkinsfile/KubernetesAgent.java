package io.gitopsbridge.jenkinsfile;

import io.gitopsbridge.yaml.KubeYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code agent { kubernetes { … } }} as the Kubernetes plugin builds its Pod: the containers of {@code yaml},
 * {@code yamlFile} or {@code containerTemplate}s, a {@code jnlp} container (the agent image) when the Pod has none,
 * steps in {@code defaultContainer} or {@code jnlp}; here each container steps use becomes those steps' image, the
 * others run as sidecars, and the Pod's scheduling and security settings become the Task's pod template.
 */
final class KubernetesAgent {
    /** Pod fields that become the TaskRun's pod template, under the same names. */
    private static final Set<String> POD_TEMPLATE = Set.of("nodeSelector", "tolerations", "affinity", "securityContext",
            "serviceAccountName", "imagePullSecrets", "runtimeClassName", "priorityClassName");
    /** Pod fields with no effect on what the steps do. */
    private static final Set<String> IGNORED = Set.of("restartPolicy", "terminationGracePeriodSeconds", "serviceAccount");
    private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "command", "args", "tty", "stdin", "env",
            "resources", "securityContext", "volumeMounts", "imagePullPolicy", "workingDir", "ports", "readinessProbe",
            "livenessProbe", "startupProbe", "envFrom");

    private KubernetesAgent() {}

    @SuppressWarnings("unchecked")
    static Translator.Placement placement(Declarative.Agent agent, Translator.Settings settings, Report report, Translator translator) {
        for (String key : agent.settings().keySet()) {
            switch (key) {
                case "yaml", "yamlFile", "defaultContainer", "containerTemplate", "containerTemplates", "showRawYaml",
                        "label", "yamlMergeStrategy" -> { }
                case "cloud", "namespace", "idleMinutes", "podRetention", "activeDeadlineSeconds", "instanceCap",
                        "slaveConnectTimeout", "nodeSelector", "serviceAccount", "workingDir", "workspaceVolume",
                        "inheritFrom", "retries", "supplementalGroups", "runAsUser", "runAsGroup", "hostNetwork" -> {
                    if (key.equals("inheritFrom")) {
                        throw Steps.refused(agent.at(), "kubernetes inheritFrom", "inheritFrom takes a pod template from the"
                                + " Jenkins configuration, which is not translated");
                    }
                    report.add(Report.Kind.DIFFERENCE, agent.at(), "kubernetes " + key, key + " is a setting of the Jenkins"
                            + " Kubernetes cloud; the Task Pods run where the run is started, without it");
                }
                default -> throw Steps.refused(agent.at(), "kubernetes " + key, "kubernetes agent setting " + key
                        + " is not translated");
            }
        }
        Map<String, Object> pod = new LinkedHashMap<>();
        String yaml = agent.setting("yaml");
        if (agent.settings().containsKey("yaml") && yaml == null) {
            throw Steps.refused(agent.at(), "kubernetes yaml", "the Pod's yaml must be a string known when the build starts");
        }
        String yamlFile = agent.setting("yamlFile");
        if (yamlFile != null) {
            yaml = settings.files().apply(yamlFile);
            if (yaml == null) {
                throw Steps.refused(agent.at(), "kubernetes yamlFile", "yamlFile " + yamlFile + " is not in the repository");
            }
        }
        if (yaml != null) {
            Object doc;
            try {
                doc = KubeYaml.load(yamlFile != null ? yamlFile : agent.at().toString(), yaml);
            } catch (RuntimeException e) {
                throw Steps.refused(agent.at(), "kubernetes yaml", "the Pod's yaml does not read: " + e.getMessage());
            }
            if (doc instanceof Map<?, ?> m) {
                pod = (Map<String, Object>) m;
            }
        }
        Map<String, Object> spec = pod.get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        Map<String, Map<String, Object>> containers = new LinkedHashMap<>();
        for (Object c : spec.get("containers") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> container = new LinkedHashMap<>((Map<String, Object>) c);
            for (String field : container.keySet()) {
                if (!CONTAINER_FIELDS.contains(field)) {
                    throw Steps.refused(agent.at(), "kubernetes yaml", "container field " + field + " is not translated");
                }
            }
            containers.put(String.valueOf(container.get("name")), container);
        }
        for (Expr template : templates(agent)) {
            Map<String, Object> c = containerTemplate(template, agent.at());
            containers.put(String.valueOf(c.get("name")), c);
        }
        if (!containers.containsKey("jnlp")) {
            if (settings.agentImage() == null) {
                report.add(Report.Kind.DIFFERENCE, agent.at(), "kubernetes jnlp", "no agent image given: steps outside"
                        + " container() run in the default container");
            } else {
                containers.put("jnlp", Translator.container("jnlp", settings.agentImage()));
            }
        }
        String defaultContainer = agent.setting("defaultContainer");
        if (defaultContainer == null) {
            defaultContainer = containers.containsKey("jnlp") ? "jnlp" : containers.keySet().stream().findFirst().orElse(null);
        }
        if (defaultContainer == null || !containers.containsKey(defaultContainer)) {
            throw Steps.refused(agent.at(), "kubernetes defaultContainer", "default container " + defaultContainer
                    + " is not a container of the Pod");
        }
        Map<String, Object> podTemplate = new LinkedHashMap<>();
        List<Object> volumes = new ArrayList<>();
        for (Map.Entry<String, Object> e : spec.entrySet()) {
            String field = e.getKey();
            if (field.equals("containers")) {
                continue;
            }
            if (POD_TEMPLATE.contains(field)) {
                podTemplate.put(field, e.getValue());
            } else if (field.equals("volumes")) {
                volumes.addAll((List<Object>) e.getValue());
            } else if (!IGNORED.contains(field)) {
                throw Steps.refused(agent.at(), "kubernetes yaml", "Pod field " + field + " is not translated");
            }
        }
        for (String section : pod.keySet()) {
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(section)) {
                throw Steps.refused(agent.at(), "kubernetes yaml", "Pod field " + section + " is not translated");
            }
        }
        return translator.newPlacement(containers, defaultContainer, podTemplate, volumes, agent.at());
    }

    private static List<Expr> templates(Declarative.Agent agent) {
        List<Expr> out = new ArrayList<>();
        for (String key : List.of("containerTemplate", "containerTemplates")) {
            Expr e = agent.settings().get(key);
            if (e instanceof Expr.ListOf l) {
                out.addAll(l.items());
            } else if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** {@code containerTemplate(name: 'x', image: 'y', command: 'sleep', args: '99d', ttyEnabled: true, …)}. */
    private static Map<String, Object> containerTemplate(Expr template, Position at) {
        if (!(template instanceof Expr.MapOf m)) {
            throw Steps.refused(at, "containerTemplate", "containerTemplate takes named settings");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> e : m.entries().entrySet()) {
            String value = Expr.string(e.getValue());
            switch (e.getKey()) {
                case "name", "image", "workingDir" -> c.put(e.getKey(), value);
                case "command", "args", "ttyEnabled", "alwaysPullImage", "resourceRequestCpu", "resourceRequestMemory",
                        "resourceLimitCpu", "resourceLimitMemory", "privileged", "runAsUser" -> {
                    if (e.getKey().equals("alwaysPullImage") && e.getValue() instanceof Expr.Literal l && Boolean.TRUE.equals(l.value())) {
                        c.put("imagePullPolicy", "Always");
                    } else if (e.getKey().startsWith("resource") && value != null) {
                        String kind = e.getKey().contains("Request") ? "requests" : "limits";
                        String resource = e.getKey().endsWith("Cpu") ? "cpu" : "memory";
                        @SuppressWarnings("unchecked")
                        Map<String, Object> resources = (Map<String, Object>) c.computeIfAbsent("resources", k -> new LinkedHashMap<>());
                        @SuppressWarnings("unchecked")
                        Map<String, Object> of = (Map<String, Object>) resources.computeIfAbsent(kind, k -> new LinkedHashMap<>());
                        of.put(resource, value);
                    } else if (e.getKey().equals("privileged") && e.getValue() instanceof Expr.Literal l
                            && Boolean.TRUE.equals(l.value())) {
                        c.put("securityContext", Map.of("privileged", true));
                    }
                    // command and args keep the container alive for the agent; steps replace them here.
                }
                default -> throw Steps.refused(at, "containerTemplate", "containerTemplate setting " + e.getKey()
                        + " is not translated");
            }
        }
        if (c.get("name") == null || c.get("image") == null) {
            throw Steps.refused(at, "containerTemplate", "containerTemplate needs a name and an image");
        }
        return c;
    }
}
