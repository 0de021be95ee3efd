package io.gitopsbridge.app;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.yaml.YamlException;
import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Argo CD Application.
 *
 * @param name {@code metadata.name}: the instance name in tracking ids and the default Helm release name
 * @param namespace {@code metadata.namespace}, or {@code null}
 * @param project {@code spec.project}
 * @param sources {@code spec.source} (one) or {@code spec.sources}
 * @param multiSource whether the Application uses {@code spec.sources}
 * @param destination {@code spec.destination}
 * @param syncPolicy {@code spec.syncPolicy}
 * @param ignoreDifferences {@code spec.ignoreDifferences}
 * @param revisionHistoryLimit how many history entries to keep (default 10)
 * @param status {@code status}, or {@link ApplicationStatus#EMPTY}
 */
public record Application(String name, String namespace, String project, List<Source> sources, boolean multiSource,
        Destination destination, SyncPolicy syncPolicy, List<IgnoreDifference> ignoreDifferences, int revisionHistoryLimit,
        ApplicationStatus status) {

    public static final String API_VERSION = "argoproj.io/v1alpha1";

    /** The Application CRD, so reading Applications needs no discovery. */
    public static final ResourceDefinitionContext RESOURCE = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withNamespaced(true).build();

    private static final Set<String> SPEC_FIELDS = Set.of("project", "source", "sources", "destination", "syncPolicy",
            "ignoreDifferences", "revisionHistoryLimit", "info");

    /**
     * Reads the one Application in a YAML file.
     *
     * @throws YamlException naming the file, line and field of the first problem
     */
    public static Application read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** @param file how to name the text in errors */
    public static Application parse(String file, String text) {
        return of(YamlFiles.document(file, text));
    }

    /** An Application object as a cluster returns it (status included). */
    public static Application fromObject(Map<String, Object> object, String where) {
        return of(YamlNode.of(where, object));
    }

    /** The Application {@code name} in {@code namespace} of a cluster, if there is one. */
    public static Optional<Application> get(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(RESOURCE).inNamespace(namespace).withName(name).get();
        return r == null ? Optional.empty() : Optional.of(fromObject(client.getKubernetesSerialization().convertValue(r, Map.class),
                "Application " + namespace + "/" + name));
    }

    /** Every Application in {@code namespace}, by name. */
    public static List<Application> list(KubernetesClient client, String namespace) {
        List<Application> apps = new ArrayList<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(RESOURCE).inNamespace(namespace).list().getItems()) {
            apps.add(fromObject(client.getKubernetesSerialization().convertValue(r, Map.class),
                    "Application " + namespace + "/" + r.getMetadata().getName()));
        }
        apps.sort(java.util.Comparator.comparing(Application::name));
        return apps;
    }

    @SuppressWarnings("unchecked")
    static Application of(YamlNode doc) {
        String apiVersion = doc.get("apiVersion").isNull() ? null : doc.get("apiVersion").string();
        if (!API_VERSION.equals(apiVersion) || !"Application".equals(doc.optString("kind").orElse(null))) {
            throw doc.error("expected an " + API_VERSION + " Application, found " + apiVersion + " "
                    + doc.optString("kind").orElse("(no kind)"));
        }
        YamlNode metadata = doc.required("metadata");
        String name = metadata.required("name").string();
        // An object name as the API server admits it (a DNS-1123 subdomain); it also names the status file, so
        // nothing like "../x" may pass.
        if (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw metadata.get("name").error("'" + name + "' is not a valid Application name: lowercase letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters");
        }
        YamlNode spec = doc.required("spec").onlyKeys(SPEC_FIELDS, "an Application spec");
        List<Source> sources = new ArrayList<>();
        boolean multi = !spec.get("sources").isNull();
        if (multi == !spec.get("source").isNull()) {
            throw spec.error("set exactly one of 'source' and 'sources'");
        }
        if (multi) {
            for (YamlNode s : spec.get("sources").list()) {
                sources.add(source(s));
            }
            if (sources.isEmpty()) {
                throw spec.get("sources").error("'sources' is empty");
            }
        } else {
            sources.add(source(spec.get("source")));
        }
        YamlNode d = spec.required("destination").onlyKeys(Set.of("server", "name", "namespace"), "destination");
        Destination destination = new Destination(d.optString("server").orElse(null), d.optString("name").orElse(null),
                d.optString("namespace").orElse(null));
        if ((destination.server() == null) == (destination.name() == null)) {
            throw d.error("set exactly one of 'server' and 'name'");
        }
        List<IgnoreDifference> ignores = new ArrayList<>();
        for (YamlNode i : spec.optList("ignoreDifferences")) {
            i.onlyKeys(Set.of("group", "kind", "name", "namespace", "jsonPointers", "jqPathExpressions", "managedFieldsManagers"),
                    "an ignoreDifferences entry");
            if (i.get("kind").isNull()) {
                throw i.error("'kind' is required");
            }
            ignores.add(new IgnoreDifference(i.optString("group").orElse(""), i.required("kind").string(),
                    i.optString("name").orElse(null), i.optString("namespace").orElse(null), i.strings("jsonPointers"),
                    i.strings("jqPathExpressions"), i.strings("managedFieldsManagers")));
        }
        int limit = spec.get("revisionHistoryLimit").isNull() ? 10 : (int) spec.get("revisionHistoryLimit").number();
        ApplicationStatus status = doc.get("status").isNull() ? ApplicationStatus.EMPTY
                : ApplicationStatus.fromMap((Map<String, Object>) doc.get("status").plain());
        return new Application(name, metadata.optString("namespace").orElse(null), spec.optString("project").orElse("default"),
                List.copyOf(sources), multi, destination, syncPolicy(spec.get("syncPolicy")), List.copyOf(ignores), limit, status);
    }

    @SuppressWarnings("unchecked")
    private static Source source(YamlNode node) {
        node.map();
        try {
            return Source.from((Map<String, Object>) node.plain(), node.path());
        } catch (RenderException e) {
            throw new YamlException(node.file(), "", node.line(), e.getMessage());
        }
    }

    private static SyncPolicy syncPolicy(YamlNode p) {
        if (p.isNull()) {
            return SyncPolicy.MANUAL;
        }
        p.onlyKeys(Set.of("automated", "syncOptions", "retry", "managedNamespaceMetadata"), "syncPolicy");
        SyncPolicy.Automated automated = null;
        YamlNode a = p.get("automated");
        if (!a.isNull()) {
            a.onlyKeys(Set.of("enabled", "prune", "selfHeal", "allowEmpty"), "syncPolicy.automated");
            automated = new SyncPolicy.Automated(flag(a, "enabled", true), flag(a, "prune", false), flag(a, "selfHeal", false),
                    flag(a, "allowEmpty", false));
        }
        SyncOptions options = SyncOptions.NONE;
        for (YamlNode item : p.optList("syncOptions")) {
            try {
                options = options.with(SyncOptions.parse(List.of(item.string()), ""));
            } catch (IllegalArgumentException e) {
                throw new YamlException(item.file(), p.get("syncOptions").path(), item.line(), e.getMessage().substring(2));
            }
        }
        SyncPolicy.Retry retry = null;
        YamlNode r = p.get("retry");
        if (!r.isNull()) {
            r.onlyKeys(Set.of("limit", "backoff"), "syncPolicy.retry");
            YamlNode b = r.get("backoff");
            if (!b.isNull()) {
                b.onlyKeys(Set.of("duration", "factor", "maxDuration"), "syncPolicy.retry.backoff");
            }
            retry = new SyncPolicy.Retry(r.get("limit").isNull() ? 0 : r.get("limit").number(),
                    duration(b, "duration", Duration.ofSeconds(5)), b.isNull() || b.get("factor").isNull() ? 2 : b.get("factor").number(),
                    duration(b, "maxDuration", Duration.ofMinutes(3)));
        }
        return new SyncPolicy(automated, options, retry);
    }

    private static boolean flag(YamlNode node, String key, boolean fallback) {
        YamlNode v = node.get(key);
        return v.isNull() ? fallback : v.bool();
    }

    private static Duration duration(YamlNode backoff, String key, Duration fallback) {
        if (backoff.isNull() || backoff.get(key).isNull()) {
            return fallback;
        }
        YamlNode v = backoff.get(key);
        try {
            return v.value() instanceof Long seconds ? Duration.ofSeconds(seconds) : GoDuration.parse(v.string());
        } catch (IllegalArgumentException e) {
            throw v.error("not a duration such as 5s or 3m: '" + v.string() + "'");
        }
    }

    /** The namespace objects without one go to: the destination's, else {@code default}. */
    public String targetNamespace() {
        return destination.namespace() == null || destination.namespace().isEmpty() ? "default" : destination.namespace();
    }

    /** This Application with another status. */
    public Application withStatus(ApplicationStatus s) {
        return new Application(name, namespace, project, sources, multiSource, destination, syncPolicy, ignoreDifferences,
                revisionHistoryLimit, s);
    }

    /** Its sources as written in its spec, which an operation records and automated sync compares. */
    public List<Map<String, Object>> sourceSpecs() {
        return sources.stream().map(Source::spec).toList();
    }

    /** This Application with every source at {@code revision} (a manual sync to another revision). */
    public Application atRevision(String revision) {
        List<Source> moved = sources.stream().map(s -> new Source(s.repoURL(), revision, s.path(), s.directory(), s.kustomize(),
                s.helm(), s.ref(), withRevision(s.spec(), revision))).toList();
        return new Application(name, namespace, project, moved, multiSource, destination, syncPolicy, ignoreDifferences,
                revisionHistoryLimit, status);
    }

    private static Map<String, Object> withRevision(Map<String, Object> spec, String revision) {
        Map<String, Object> out = spec == null ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(spec);
        out.put("targetRevision", revision);
        return out;
    }
}
