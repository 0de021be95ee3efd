package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code generators:} and {@code transformers:} with kustomize's builtin plugins ({@code apiVersion: builtin}): each
 * config runs the same generator or transformer the kustomization fields use, with the config's own field specs. A
 * config is a file, inline YAML, or a directory whose kustomization builds the configs. Other plugins (exec, Go,
 * KRM functions) are refused: kustomize runs them only with plugins enabled, and Argo CD does not.
 */
final class Plugins {
    private static final Set<String> METADATA = Set.of("apiVersion", "kind", "metadata");

    private final Loader loader;
    private final Kustomization k;
    private final Set<String> visiting;

    Plugins(Loader loader, Kustomization k, Set<String> visiting) {
        this.loader = loader;
        this.k = k;
        this.visiting = visiting;
    }

    void generate(Target.Accumulator acc) {
        for (Resource config : configs("generators")) {
            String kind = config.kind();
            Map<String, Object> c = config.object();
            String where = config.file() + ": " + kind + " " + config.name();
            switch (kind) {
                case "ConfigMapGenerator", "SecretGenerator" -> {
                    if (!"builtin".equals(c.get("apiVersion"))) {
                        throw unsupported(config, where);
                    }
                    // kustomize reads a generator's config leniently: fields it does not know are dropped.
                    Map<String, Object> entry = new LinkedHashMap<>(c);
                    entry.keySet().retainAll(Set.of("behavior", "literals", "files", "envs", "env", "options", "type"));
                    // (name and namespace: the config's own, else its metadata's)
                    entry.put("name", c.get("name") != null ? c.get("name").toString() : config.name());
                    Object namespace = c.get("namespace") != null ? c.get("namespace") : config.namespace();
                    if (!namespace.toString().isEmpty()) {
                        entry.put("namespace", namespace.toString());
                    }
                    String field = kind.equals("ConfigMapGenerator") ? "configMapGenerator" : "secretGenerator";
                    new ConfigMapSecretGenerator(loader, fragment(config, Map.of(field, List.of(entry))), origin(config))
                            .generate(acc.resources);
                }
                case "IAMPolicyGenerator" -> {
                    Resource sa = iamServiceAccount(config, where);
                    sa.origin = origin(config);
                    acc.resources.add(sa, where);
                }
                default -> throw unsupported(config, where);
            }
        }
    }

    void transform(Target.Accumulator acc) {
        for (Resource config : configs("transformers")) {
            Map<String, Object> c = config.object();
            String where = config.file() + ": " + config.kind() + " " + config.name();
            List<FieldSpec> specs = FieldSpec.list(c.get("fieldSpecs"), where + ": fieldSpecs");
            ResMap m = acc.resources;
            switch (config.kind()) {
                case "PatchTransformer" -> {
                    check(config, where, "target", "patch", "path", "options");
                    new PatchTransformer(loader, fragment(config, Map.of("patches", List.of(without(c, METADATA))))).patches(m);
                }
                case "PatchJson6902Transformer" -> {
                    check(config, where, "target", "jsonOp", "path");
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("target", c.get("target"));
                    if (c.get("jsonOp") != null) {
                        entry.put("patch", c.get("jsonOp"));
                    }
                    if (c.get("path") != null) {
                        entry.put("path", c.get("path"));
                    }
                    new PatchTransformer(loader, fragment(config, Map.of("patchesJson6902", List.of(entry)))).json6902(m);
                }
                case "PatchStrategicMergeTransformer" -> {
                    check(config, where, "paths", "patches");
                    List<Object> entries = new ArrayList<>();
                    if (Trees.list(c.get("paths")) != null) {
                        entries.addAll(Trees.list(c.get("paths")));
                    }
                    if (c.get("patches") != null) {
                        entries.add(c.get("patches").toString());
                    }
                    new PatchTransformer(loader, fragment(config, Map.of("patchesStrategicMerge", entries))).strategicMergeFiles(m);
                }
                case "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer" -> {
                    check(config, where, "prefix", "suffix", "fieldSpecs");
                    TransformerConfig tc = new TransformerConfig();
                    tc.specs.put("namePrefix", specs);
                    tc.specs.put("nameSuffix", specs);
                    new PrefixSuffixTransformer(FieldSpec.str(c.get("prefix")), FieldSpec.str(c.get("suffix")), tc).transform(m);
                }
                case "NamespaceTransformer" -> {
                    check(config, where, "fieldSpecs");
                    new NamespaceTransformer(config.namespace(), specs).transform(m);
                }
                case "LabelTransformer" -> {
                    check(config, where, "labels", "fieldSpecs");
                    new MapEntriesTransformer(MapEntriesTransformer.strings(map(c.get("labels")), where), specs).transform(m);
                }
                case "AnnotationsTransformer" -> {
                    check(config, where, "annotations", "fieldSpecs");
                    new MapEntriesTransformer(MapEntriesTransformer.strings(map(c.get("annotations")), where), specs).transform(m);
                }
                case "ImageTagTransformer" -> {
                    check(config, where, "imageTag", "fieldSpecs");
                    new ImageTagTransformer(fragment(config, Map.of("images", List.of(map(c.get("imageTag"))))), specs, false)
                            .transform(m);
                }
                case "ReplicaCountTransformer" -> {
                    check(config, where, "replica", "fieldSpecs");
                    new ReplicaCountTransformer(fragment(config, Map.of("replicas", List.of(map(c.get("replica"))))), specs).transform(m);
                }
                case "ReplacementTransformer" -> {
                    check(config, where, "replacements");
                    new ReplacementTransformer(loader, fragment(config, Map.of()), Trees.list(c.get("replacements")) == null
                            ? List.of() : Trees.list(c.get("replacements"))).transform(m);
                }
                case "SortOrderTransformer" -> throw new UnsupportedFieldException(where
                        + ": SortOrderTransformer as a transformer is not supported; use the kustomization's sortOptions");
                default -> throw unsupported(config, where);
            }
            Target.record(m, origin(config));
        }
    }

    private Origin origin(Resource config) {
        return new Origin(null, config.file().contains(": ") ? k.file : config.file(), config.kind(), config.name(),
                config.namespace());
    }

    private static RenderException unsupported(Resource config, String where) {
        if (!"builtin".equals(config.object().get("apiVersion"))) {
            return new UnsupportedFieldException(where + ": plugin " + config.object().get("apiVersion") + "/" + config.kind()
                    + " is not supported: only kustomize's builtin plugins (apiVersion: builtin) run, as with Argo CD's"
                    + " kustomize build");
        }
        return new UnsupportedFieldException(where + ": builtin plugin " + config.kind() + " is not supported");
    }

    private static void check(Resource config, String where, String... keys) {
        Set<String> allowed = new java.util.HashSet<>(METADATA);
        allowed.addAll(List.of(keys));
        for (String key : config.object().keySet()) {
            if (!allowed.contains(key)) {
                throw new UnsupportedFieldException(where + ": '" + key + "' is not supported (supported: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        if (!"builtin".equals(config.object().get("apiVersion"))) {
            throw unsupported(config, where);
        }
    }

    private static Map<String, Object> without(Map<String, Object> m, Set<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        keys.forEach(out::remove);
        return out;
    }

    private static Map<String, Object> map(Object o) {
        Map<String, Object> m = Trees.map(o);
        return m == null ? Map.of() : m;
    }


    /** A kustomization holding just one field, read from this kustomization's directory. */
    private Kustomization fragment(Resource config, Map<String, Object> fields) {
        return new Kustomization(config.file(), k.dir, YamlNode.of(config.file(), new LinkedHashMap<>(fields)));
    }

    /** The plugin configs of a field: files, inline YAML, or kustomization directories that build them. */
    private List<Resource> configs(String field) {
        List<Resource> out = new ArrayList<>();
        for (String entry : k.strings(field)) {
            String where = k.at(field);
            if (entry.contains("\n") || (!loader.isFile(k.dir, entry) && entry.contains(":"))) {
                out.addAll(Loader.objects(where, entry));
                continue;
            }
            String path = SourceTree.join(k.dir, entry);
            if (loader.tree.isDirectory(path)) {
                Target sub = Target.load(loader, path, visiting);
                Target.Accumulator acc = sub.accumulate();
                out.addAll(acc.resources.all());
                continue;
            }
            out.addAll(Loader.objects(path, loader.read(k.dir, entry, where)));
        }
        return out;
    }

    /** GKE Workload Identity: a ServiceAccount annotated with the Google service account it acts as. */
    private static Resource iamServiceAccount(Resource config, String where) {
        Map<String, Object> c = config.object();
        check(config, where, "cloud", "kubernetesService", "serviceAccount");
        if (!"gke".equals(c.get("cloud"))) {
            throw new RenderException(where + ": cloud must be gke");
        }
        Map<String, Object> ks = map(c.get("kubernetesService"));
        Map<String, Object> sa = map(c.get("serviceAccount"));
        if (ks.get("name") == null || sa.get("name") == null || sa.get("projectId") == null) {
            throw new RenderException(where + ": needs kubernetesService.name, serviceAccount.name and serviceAccount.projectId");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "v1");
        object.put("kind", "ServiceAccount");
        Map<String, Object> meta = Trees.mapAt(object, "metadata");
        meta.put("name", ks.get("name").toString());
        if (ks.get("namespace") != null) {
            meta.put("namespace", ks.get("namespace").toString());
        }
        Trees.mapAt(meta, "annotations").put("iam.gke.io/gcp-service-account",
                sa.get("name") + "@" + sa.get("projectId") + ".iam.gserviceaccount.com");
        return new Resource(object, config.file());
    }
}
