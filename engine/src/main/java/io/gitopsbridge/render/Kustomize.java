package io.gitopsbridge.render;

import io.gitopsbridge.image.ImageRef;
import io.gitopsbridge.yaml.Trees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kustomize in Java: the subset real repositories use (resources, bases and components; namespace, name prefix and
 * suffix with references updated; labels with selectors; annotations; images; replicas; strategic merge and JSON 6902
 * patches with targets; ConfigMap and Secret generators with content-hash suffixes). A field outside it fails with its
 * name and file, never ignored. Transformers run in kustomize's order; output is in kustomize's legacy kind order.
 */
public final class Kustomize {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "resources", "bases", "components",
            "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "replicas",
            "patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator",
            "generatorOptions");
    private static final List<String> ORDER_FIRST = List.of("Namespace", "ResourceQuota", "StorageClass",
            "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding",
            "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass",
            "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget");
    private static final List<String> ORDER_LAST = List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass",
            "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "CSIDriver", "Node",
            "PodSecurityPolicy", "VolumeAttachment", "CSINode");
    private static final Set<String> SCALABLE = Set.of("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController");

    private final SourceTree tree;
    /** Generated ConfigMaps and Secrets that get a hash suffix at the end. */
    private final Map<Map<String, Object>, Boolean> hashed = new IdentityHashMap<>();
    /** Earlier names of renamed objects: like kustomize, overlays may still refer to an object by its base name. */
    private final Map<Map<String, Object>, Set<String>> previousNames = new IdentityHashMap<>();

    private Kustomize(SourceTree tree) {
        this.tree = tree;
    }

    /**
     * Builds the kustomization in {@code dir}.
     *
     * @throws RenderException naming the file and field of the first problem
     */
    public static List<Manifest> build(SourceTree tree, String dir) {
        Kustomize k = new Kustomize(tree);
        List<Manifest> out = k.build(dir, new ArrayList<>(), new LinkedHashSet<>(), false);
        k.hashSuffixes(out);
        out.sort(Comparator.comparingInt((Manifest m) -> rank(m.kind())).thenComparing(Manifest::kind)
                .thenComparing(m -> m.namespace() == null ? "" : m.namespace()).thenComparing(Manifest::name));
        return out;
    }

    /** The kustomization file of a directory, if it has one. */
    static String fileIn(SourceTree tree, String dir) {
        String found = null;
        for (String name : FILE_NAMES) {
            String path = SourceTree.join(dir, name);
            if (tree.read(path).isPresent()) {
                if (found != null) {
                    throw new RenderException((dir.isEmpty() ? "." : dir) + ": more than one kustomization file");
                }
                found = path;
            }
        }
        return found;
    }

    private static int rank(String kind) {
        int first = ORDER_FIRST.indexOf(kind);
        if (first >= 0) {
            return first;
        }
        int last = ORDER_LAST.indexOf(kind);
        return last >= 0 ? ORDER_FIRST.size() + 1 + last : ORDER_FIRST.size();
    }

    private List<Manifest> build(String dir, List<Manifest> resources, Set<String> visiting, boolean component) {
        String file = fileIn(tree, dir);
        if (file == null) {
            throw new RenderException((dir.isEmpty() ? "." : dir) + ": no kustomization.yaml");
        }
        if (!visiting.add(dir)) {
            throw new RenderException(file + ": includes itself through " + String.join(" → ", visiting));
        }
        List<Map<String, Object>> docs = Yaml.documents(file, tree.read(file).orElseThrow());
        if (docs.size() != 1) {
            throw new RenderException(file + ": expected one document");
        }
        Map<String, Object> k = docs.get(0);
        for (String field : k.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new RenderException(file + ": '" + field + "' is not supported (supported: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        boolean isComponent = "Component".equals(k.get("kind"));
        if (isComponent != component) {
            throw new RenderException(file + ": " + (component ? "a component must have kind: Component"
                    : "a Component can only be used from components:"));
        }
        for (String entry : strings(k, "resources", file)) {
            resources.addAll(resource(dir, entry, file, visiting));
        }
        for (String entry : strings(k, "bases", file)) {
            resources.addAll(resource(dir, entry, file, visiting));
        }
        Map<String, Object> options = Objects2.map(k.get("generatorOptions"));
        generate(k, "configMapGenerator", dir, file, options, resources);
        generate(k, "secretGenerator", dir, file, options, resources);
        for (String entry : strings(k, "components", file)) {
            build(SourceTree.join(dir, entry), resources, visiting, true);
        }
        transform(k, dir, file, resources);
        visiting.remove(dir);
        return resources;
    }

    private List<Manifest> resource(String dir, String entry, String file, Set<String> visiting) {
        if (entry.contains("://") || entry.startsWith("git@") || entry.startsWith("github.com/")) {
            throw new RenderException(file + ": resources: remote '" + entry + "' is not supported; vendor it into the repository");
        }
        String path = SourceTree.join(dir, entry);
        if (tree.isDirectory(path)) {
            return build(path, new ArrayList<>(), visiting, false);
        }
        List<Manifest> out = new ArrayList<>();
        DirectorySource.read(path, tree.read(path).orElseThrow(() -> new RenderException(file + ": resources: '" + entry
                + "' does not exist")), out);
        return out;
    }

    private void transform(Map<String, Object> k, String dir, String file, List<Manifest> resources) {
        patchesStrategicMerge(k, dir, file, resources);
        patches(k, dir, file, resources);
        String namespace = string(k, "namespace", file);
        if (namespace != null) {
            for (Manifest m : resources) {
                if (!CLUSTER_SCOPED.contains(m.kind())) {
                    m.metadata().put("namespace", namespace);
                }
                if (m.kind().equals("RoleBinding") || m.kind().equals("ClusterRoleBinding")) {
                    Objects2.eachIn(m.object(), s -> {
                        if ("ServiceAccount".equals(s.get("kind")) && resources.stream().anyMatch(r ->
                                r.kind().equals("ServiceAccount") && r.name().equals(s.get("name")))) {
                            s.put("namespace", namespace);
                        }
                    }, "subjects");
                }
            }
        }
        String prefix = string(k, "namePrefix", file);
        String suffix = string(k, "nameSuffix", file);
        if (prefix != null || suffix != null) {
            for (Manifest m : new ArrayList<>(resources)) {
                if (!m.kind().equals("CustomResourceDefinition") && !m.kind().equals("Namespace")) {
                    rename(resources, m, (prefix == null ? "" : prefix) + m.name() + (suffix == null ? "" : suffix));
                }
            }
        }
        Map<String, Object> common = Objects2.map(k.get("commonLabels"));
        if (common != null) {
            labels(resources, stringMap(common), true, true);
        }
        List<Object> labelEntries = Objects2.list(k.get("labels"));
        if (labelEntries != null) {
            for (Object entry : labelEntries) {
                Map<String, Object> e = Objects2.map(entry);
                Map<String, Object> pairs = e == null ? null : Objects2.map(e.get("pairs"));
                if (pairs == null) {
                    throw new RenderException(file + ": labels: each entry needs pairs");
                }
                boolean selectors = Boolean.TRUE.equals(e.get("includeSelectors"));
                labels(resources, stringMap(pairs), selectors, selectors || Boolean.TRUE.equals(e.get("includeTemplates")));
            }
        }
        Map<String, Object> annotations = Objects2.map(k.get("commonAnnotations"));
        if (annotations != null) {
            for (Manifest m : resources) {
                Objects2.mapAt(m.object(), "metadata", "annotations").putAll(stringMap(annotations));
                Map<String, Object> template = Objects2.templateMetadata(m);
                if (template != null) {
                    Objects2.mapAt(template, "annotations").putAll(stringMap(annotations));
                }
            }
        }
        patchesJson6902(k, dir, file, resources);
        replicas(k, file, resources);
        images(k, file, resources);
    }

    private static void labels(List<Manifest> resources, Map<String, Object> labels, boolean selectors, boolean templates) {
        for (Manifest m : resources) {
            Objects2.mapAt(m.object(), "metadata", "labels").putAll(labels);
            Map<String, Object> template = Objects2.templateMetadata(m);
            if (templates && template != null) {
                Objects2.mapAt(template, "labels").putAll(labels);
            }
            if (templates && m.kind().equals("StatefulSet")) {
                Objects2.eachIn(m.object(), c -> Objects2.mapAt(c, "metadata", "labels").putAll(labels), "spec", "volumeClaimTemplates");
            }
            if (!selectors) {
                continue;
            }
            switch (m.kind()) {
                case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" ->
                        Objects2.mapAt(m.object(), "spec", "selector", "matchLabels").putAll(labels);
                case "Service" -> Objects2.mapAt(m.object(), "spec", "selector").putAll(labels);
                case "PodDisruptionBudget" -> {
                    Map<String, Object> match = Objects2.map(Objects2.get(m.object(), "spec", "selector", "matchLabels"));
                    if (match != null) {
                        match.putAll(labels);
                    }
                }
                case "NetworkPolicy" -> {
                    Map<String, Object> match = Objects2.map(Objects2.get(m.object(), "spec", "podSelector", "matchLabels"));
                    if (match != null) {
                        match.putAll(labels);
                    }
                }
                case "Job" -> {
                    Map<String, Object> match = Objects2.map(Objects2.get(m.object(), "spec", "selector", "matchLabels"));
                    if (match != null) {
                        match.putAll(labels);
                    }
                }
                default -> { }
            }
        }
    }

    private void patchesStrategicMerge(Map<String, Object> k, String dir, String file, List<Manifest> resources) {
        for (String entry : strings(k, "patchesStrategicMerge", file)) {
            String text = entry.contains("\n") ? entry : read(dir, entry, file, "patchesStrategicMerge");
            for (Map<String, Object> patch : Yaml.documents(file, text)) {
                Manifest p = new Manifest(patch, file);
                Manifest target = resources.stream().filter(r -> r.kind().equals(p.kind()) && named(r, p.name())
                        && (p.namespace() == null || p.namespace().equals(r.namespace()))).findFirst()
                        .orElseThrow(() -> new RenderException(file + ": patchesStrategicMerge: no " + p.kind() + " named '"
                                + p.name() + "' to patch"));
                Patches.strategicMerge(target.object(), patch, target.kind());
            }
        }
    }

    private void patches(Map<String, Object> k, String dir, String file, List<Manifest> resources) {
        List<Object> entries = Objects2.list(k.get("patches"));
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = Objects2.map(entries.get(i));
            String at = file + ": patches[" + i + "]";
            if (e == null || (e.get("patch") == null) == (e.get("path") == null)) {
                throw new RenderException(at + ": give patch or path, one of them");
            }
            String text = e.get("patch") != null ? e.get("patch").toString() : read(dir, e.get("path").toString(), file, "patches");
            Object parsed = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder()
                    .setLabel(at).build()).loadFromString(text);
            Map<String, Object> target = Objects2.map(e.get("target"));
            if (Patches.isOperationList(parsed)) {
                if (target == null) {
                    throw new RenderException(at + ": a JSON 6902 patch needs a target");
                }
                for (Manifest m : matching(resources, target, at)) {
                    Patches.json6902(m.object(), Objects2.list(Trees.copy(parsed)), at);
                }
            } else {
                Map<String, Object> patch = Objects2.map(Trees.copy(parsed));
                if (patch == null) {
                    throw new RenderException(at + ": not a strategic merge patch or a list of JSON 6902 operations");
                }
                List<Manifest> targets;
                if (target != null) {
                    targets = matching(resources, target, at);
                } else {
                    Manifest p = new Manifest(patch, file);
                    targets = resources.stream().filter(r -> r.kind().equals(p.kind()) && named(r, p.name())).toList();
                }
                for (Manifest m : targets) {
                    Map<String, Object> copy = Objects2.map(Trees.copy(patch));
                    if (target != null) {
                        // A targeted patch may name any object; it must not rename the ones it patches.
                        Map<String, Object> meta = Objects2.map(copy.get("metadata"));
                        if (meta != null) {
                            meta.remove("name");
                        }
                        copy.remove("kind");
                        copy.remove("apiVersion");
                    }
                    Patches.strategicMerge(m.object(), copy, m.kind());
                }
            }
        }
    }

    private void patchesJson6902(Map<String, Object> k, String dir, String file, List<Manifest> resources) {
        List<Object> entries = Objects2.list(k.get("patchesJson6902"));
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = Objects2.map(entries.get(i));
            String at = file + ": patchesJson6902[" + i + "]";
            Map<String, Object> target = e == null ? null : Objects2.map(e.get("target"));
            if (target == null) {
                throw new RenderException(at + ": needs a target");
            }
            String text = e.get("patch") != null ? e.get("patch").toString() : read(dir, String.valueOf(e.get("path")), file, "patchesJson6902");
            Object ops = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(text);
            if (!Patches.isOperationList(ops)) {
                throw new RenderException(at + ": not a list of JSON 6902 operations");
            }
            for (Manifest m : matching(resources, target, at)) {
                Patches.json6902(m.object(), Objects2.list(Trees.copy(ops)), at);
            }
        }
    }

    private List<Manifest> matching(List<Manifest> resources, Map<String, Object> target, String at) {
        List<Manifest> out = new ArrayList<>();
        for (Manifest m : resources) {
            String group = m.apiVersion().contains("/") ? m.apiVersion().substring(0, m.apiVersion().indexOf('/')) : "";
            String version = m.apiVersion().substring(m.apiVersion().indexOf('/') + 1);
            boolean name = target.get("name") == null || matches(target.get("name"), m.name())
                    || previousNames.getOrDefault(m.object(), Set.of()).stream().anyMatch(n -> matches(target.get("name"), n));
            if (matches(target.get("kind"), m.kind()) && name
                    && matches(target.get("namespace"), m.namespace()) && matches(target.get("group"), group)
                    && matches(target.get("version"), version)
                    && selects(target.get("labelSelector"), Objects2.map(m.metadata().get("labels")))
                    && selects(target.get("annotationSelector"), Objects2.map(m.metadata().get("annotations")))) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            throw new RenderException(at + ": the target matches no resource");
        }
        return out;
    }

    private static boolean matches(Object pattern, String value) {
        return pattern == null || (value != null && Pattern.matches(pattern.toString(), value));
    }

    private static boolean selects(Object selector, Map<String, Object> values) {
        if (selector == null) {
            return true;
        }
        for (String term : selector.toString().split(",")) {
            String[] kv = term.trim().split("!=|==|=", 2);
            boolean negate = term.contains("!=");
            Object actual = values == null ? null : values.get(kv[0].trim());
            boolean equal = kv.length == 2 ? kv[1].trim().equals(actual == null ? null : actual.toString()) : actual != null;
            if (equal == negate) {
                return false;
            }
        }
        return true;
    }

    private void replicas(Map<String, Object> k, String file, List<Manifest> resources) {
        List<Object> entries = Objects2.list(k.get("replicas"));
        if (entries == null) {
            return;
        }
        for (Object entry : entries) {
            Map<String, Object> e = Objects2.map(entry);
            if (e == null || e.get("name") == null || !(e.get("count") instanceof Number count)) {
                throw new RenderException(file + ": replicas: each entry needs name and a numeric count");
            }
            for (Manifest m : resources) {
                if (SCALABLE.contains(m.kind()) && named(m, e.get("name"))) {
                    Objects2.mapAt(m.object(), "spec").put("replicas", count);
                }
            }
        }
    }

    private static void images(Map<String, Object> k, String file, List<Manifest> resources) {
        List<Object> entries = Objects2.list(k.get("images"));
        if (entries == null) {
            return;
        }
        for (Object entry : entries) {
            Map<String, Object> e = Objects2.map(entry);
            if (e == null || e.get("name") == null) {
                throw new RenderException(file + ": images: each entry needs a name");
            }
            for (Manifest m : resources) {
                for (Map<String, Object> c : Objects2.containers(m)) {
                    Object image = c.get("image");
                    if (image == null) {
                        continue;
                    }
                    String value = image.toString();
                    String repo = ImageRef.repository(value);
                    if (!repo.equals(e.get("name").toString())) {
                        continue;
                    }
                    String tagAndDigest = value.substring(repo.length());
                    String newRepo = e.get("newName") == null ? repo : e.get("newName").toString();
                    if (e.get("digest") != null) {
                        tagAndDigest = "@" + e.get("digest");
                    } else if (e.get("newTag") != null) {
                        tagAndDigest = ":" + e.get("newTag");
                    }
                    c.put("image", newRepo + tagAndDigest);
                }
            }
        }
    }

    private void generate(Map<String, Object> k, String field, String dir, String file, Map<String, Object> options,
            List<Manifest> resources) {
        List<Object> entries = Objects2.list(k.get(field));
        if (entries == null) {
            return;
        }
        boolean secret = field.equals("secretGenerator");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = Objects2.map(entries.get(i));
            String at = file + ": " + field + "[" + i + "]";
            if (e == null || e.get("name") == null) {
                throw new RenderException(at + ": needs a name");
            }
            for (String key : e.keySet()) {
                if (!Set.of("name", "namespace", "behavior", "files", "literals", "envs", "env", "options", "type").contains(key)) {
                    throw new RenderException(at + ": '" + key + "' is not supported");
                }
            }
            Map<String, String> data = new TreeMap<>();
            for (String literal : strings(e, "literals", at)) {
                int eq = literal.indexOf('=');
                if (eq <= 0) {
                    throw new RenderException(at + ": literal '" + literal + "' is not KEY=VALUE");
                }
                data.put(literal.substring(0, eq), unquote(literal.substring(eq + 1)));
            }
            for (String f : strings(e, "files", at)) {
                int eq = f.indexOf('=');
                String key = eq > 0 ? f.substring(0, eq) : f.substring(f.lastIndexOf('/') + 1);
                data.put(key, read(dir, eq > 0 ? f.substring(eq + 1) : f, file, field));
            }
            List<String> envs = new ArrayList<>(strings(e, "envs", at));
            if (e.get("env") != null) {
                envs.add(e.get("env").toString());
            }
            for (String env : envs) {
                for (String line : read(dir, env, file, field).split("\r?\n")) {
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    int eq = trimmed.indexOf('=');
                    if (eq <= 0) {
                        throw new RenderException(at + ": " + env + ": line '" + trimmed + "' is not KEY=VALUE");
                    }
                    data.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
                }
            }
            String name = e.get("name").toString();
            Object namespace = e.get("namespace");
            String behavior = e.get("behavior") == null ? "create" : e.get("behavior").toString();
            Map<String, Object> entryOptions = Objects2.map(e.get("options"));
            Manifest existing = resources.stream().filter(r -> r.kind().equals(secret ? "Secret" : "ConfigMap")
                    && r.name().equals(name) && (namespace == null || namespace.equals(r.namespace()))).findFirst().orElse(null);
            Map<String, Object> values = new LinkedHashMap<>();
            data.forEach((key, value) -> values.put(key, secret
                    ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value));
            switch (behavior) {
                case "create" -> {
                    if (existing != null) {
                        throw new RenderException(at + ": " + name + " exists already; use behavior: merge or replace");
                    }
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("apiVersion", "v1");
                    object.put("kind", secret ? "Secret" : "ConfigMap");
                    Map<String, Object> metadata = Objects2.mapAt(object, "metadata");
                    metadata.put("name", name);
                    if (namespace != null) {
                        metadata.put("namespace", namespace.toString());
                    }
                    if (secret) {
                        object.put("type", e.get("type") == null ? "Opaque" : e.get("type").toString());
                    }
                    object.put("data", values);
                    applyOptions(object, options);
                    applyOptions(object, entryOptions);
                    hashed.put(object, !disabled(options, entryOptions));
                    resources.add(new Manifest(object, file));
                }
                case "merge", "replace" -> {
                    if (existing == null) {
                        throw new RenderException(at + ": behavior " + behavior + " needs a " + (secret ? "Secret" : "ConfigMap")
                                + " named " + name + " from a base");
                    }
                    Map<String, Object> target = Objects2.mapAt(existing.object(), "data");
                    if (behavior.equals("replace")) {
                        target.clear();
                    }
                    target.putAll(values);
                    applyOptions(existing.object(), entryOptions);
                    if (disabled(options, entryOptions)) {
                        hashed.put(existing.object(), false);
                    }
                }
                default -> throw new RenderException(at + ": behavior must be create, merge or replace, not '" + behavior + "'");
            }
        }
    }

    private static boolean disabled(Map<String, Object> options, Map<String, Object> entryOptions) {
        Object entry = entryOptions == null ? null : entryOptions.get("disableNameSuffixHash");
        Object global = options == null ? null : options.get("disableNameSuffixHash");
        return Boolean.TRUE.equals(entry != null ? entry : global);
    }

    private static void applyOptions(Map<String, Object> object, Map<String, Object> options) {
        if (options == null) {
            return;
        }
        Map<String, Object> labels = Objects2.map(options.get("labels"));
        if (labels != null) {
            Objects2.mapAt(object, "metadata", "labels").putAll(stringMap(labels));
        }
        Map<String, Object> annotations = Objects2.map(options.get("annotations"));
        if (annotations != null) {
            Objects2.mapAt(object, "metadata", "annotations").putAll(stringMap(annotations));
        }
        if (Boolean.TRUE.equals(options.get("immutable"))) {
            object.put("immutable", true);
        }
    }

    private void rename(List<Manifest> resources, Manifest m, String newName) {
        previousNames.computeIfAbsent(m.object(), o -> new LinkedHashSet<>()).add(m.name());
        References.rename(resources, m, newName);
    }

    /** Whether the object is, or was before a prefix, suffix or hash, called {@code name}. */
    private boolean named(Manifest m, Object name) {
        return name != null && (m.name().equals(name.toString())
                || previousNames.getOrDefault(m.object(), Set.of()).contains(name.toString()));
    }

    /** Appends {@code -<hash>} to generated objects, as kustomize does last, and updates references to them. */
    private void hashSuffixes(List<Manifest> resources) {
        for (Manifest m : new ArrayList<>(resources)) {
            if (Boolean.TRUE.equals(hashed.get(m.object()))) {
                rename(resources, m, m.name() + "-" + hash(m));
            }
        }
    }

    /** kustomize's content hash: kind, name and data (and binaryData, stringData, type) as Go would marshal them. */
    static String hash(Manifest m) {
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("kind", m.kind());
        encoded.put("name", m.name());
        Object data = m.object().get("data");
        encoded.put("data", data == null ? "" : data);
        if (m.kind().equals("Secret")) {
            Object type = m.object().get("type");
            encoded.put("type", type == null ? "" : type);
            if (m.object().get("stringData") instanceof Map<?, ?>) {
                encoded.put("stringData", m.object().get("stringData"));
            }
        } else if (m.object().get("binaryData") instanceof Map<?, ?>) {
            encoded.put("binaryData", m.object().get("binaryData"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(goJson(encoded).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString().replace('0', 'g').replace('1', 'h').replace('3', 'k').replace('a', 'm').replace('e', 't');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON as Go's encoding/json writes it: sorted keys, no spaces, HTML characters escaped. */
    static String goJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(map).forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(goJson(String.valueOf(k)))
                    .append(':').append(goJson(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object v : list) {
                out.append(out.length() > 1 ? "," : "").append(goJson(v));
            }
            return out.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private String read(String dir, String relative, String file, String field) {
        String path = SourceTree.join(dir, relative);
        return tree.read(path).orElseThrow(() -> new RenderException(file + ": " + field + ": '" + relative + "' does not exist"));
    }

    private static List<String> strings(Map<String, Object> k, String field, String file) {
        Object v = k.get(field);
        if (v == null) {
            return List.of();
        }
        List<Object> list = Objects2.list(v);
        if (list == null) {
            throw new RenderException(file + ": " + field + " must be a list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String string(Map<String, Object> k, String field, String file) {
        Object v = k.get(field);
        if (v != null && (v instanceof Map<?, ?> || v instanceof List<?>)) {
            throw new RenderException(file + ": " + field + " must be a string");
        }
        return v == null ? null : v.toString();
    }

    private static Map<String, Object> stringMap(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))
                ? v.substring(1, v.length() - 1) : v;
    }
}
