package io.gitopsbridge.render;

import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Argo CD {@code spec.source}: where manifests come from and how to render them.
 *
 * @param repoURL the repository
 * @param targetRevision a branch, tag, commit or {@code HEAD}
 * @param path the directory in the repository ({@code .} or empty for the root)
 * @param directory directory options, or {@code null}
 * @param kustomize kustomize options, or {@code null}
 * @param helm Helm options, or {@code null}
 * @param ref in a multi-source Application, the name other sources use for this one's files ({@code $ref/...}), or
 *     {@code null}
 * @param spec the mapping the source was read from, for overrides from the repository
 */
public record Source(String repoURL, String targetRevision, String path, Directory directory, KustomizeOptions kustomize,
        Map<String, Object> helm, String ref, Map<String, Object> spec) {

    /** How a source is rendered. */
    public enum Type { DIRECTORY, KUSTOMIZE, HELM }

    /** {@code spec.source.directory}. */
    public record Directory(boolean recurse, String include, String exclude) {}

    /**
     * {@code spec.source.kustomize}: applied on top of the kustomization, as Argo CD does with {@code kustomize edit}.
     */
    public record KustomizeOptions(String namePrefix, String nameSuffix, String namespace, Map<String, String> commonLabels,
            Map<String, String> commonAnnotations, List<String> images, List<Map<String, Object>> replicas,
            List<Map<String, Object>> patches) {}

    private static final Set<String> SOURCE_FIELDS = Set.of("repoURL", "targetRevision", "path", "directory", "kustomize",
            "helm", "chart", "ref", "name");

    /**
     * Reads a {@code spec.source} mapping.
     *
     * @param where how to name it in errors, such as {@code app.yaml: spec.source}
     */
    @SuppressWarnings("unchecked")
    public static Source from(Map<String, Object> source, String where) {
        if (source.get("plugin") != null) {
            throw new RenderException(where + ": config management plugins are not supported");
        }
        for (String key : source.keySet()) {
            if (!SOURCE_FIELDS.contains(key)) {
                throw new RenderException(where + ": '" + key + "' is not supported");
            }
        }
        if (source.get("chart") != null) {
            throw new RenderException(where + ": charts from a Helm repository (chart:) are not supported yet; use a chart"
                    + " in a Git repository");
        }
        Map<String, Object> dir = Objects2.map(source.get("directory"));
        Directory directory = null;
        if (dir != null) {
            if (dir.get("jsonnet") != null) {
                throw new RenderException(where + ".directory: jsonnet is not supported");
            }
            directory = new Directory(Boolean.TRUE.equals(dir.get("recurse")), string(dir.get("include")), string(dir.get("exclude")));
        }
        Map<String, Object> k = Objects2.map(source.get("kustomize"));
        KustomizeOptions kustomize = null;
        if (k != null) {
            Set<String> known = Set.of("namePrefix", "nameSuffix", "namespace", "commonLabels", "commonAnnotations", "images",
                    "replicas", "patches");
            for (String key : k.keySet()) {
                if (!known.contains(key)) {
                    throw new RenderException(where + ".kustomize: '" + key + "' is not supported");
                }
            }
            kustomize = new KustomizeOptions(string(k.get("namePrefix")), string(k.get("nameSuffix")), string(k.get("namespace")),
                    (Map<String, String>) (Map<String, ?>) orEmpty(Objects2.map(k.get("commonLabels"))),
                    (Map<String, String>) (Map<String, ?>) orEmpty(Objects2.map(k.get("commonAnnotations"))),
                    orEmpty(Objects2.list(k.get("images"))).stream().map(String::valueOf).toList(),
                    (List<Map<String, Object>>) (List<?>) orEmpty(Objects2.list(k.get("replicas"))),
                    (List<Map<String, Object>>) (List<?>) orEmpty(Objects2.list(k.get("patches"))));
        }
        return new Source(string(source.get("repoURL")), string(source.get("targetRevision")),
                source.get("path") == null ? "" : source.get("path").toString(), directory, kustomize,
                Objects2.map(source.get("helm")), string(source.get("ref")), Trees.copy(source));
    }

    /**
     * The source with the repository's parameter overrides applied, as Argo CD's repo server does: {@code .argocd-source.yaml},
     * then {@code .argocd-source-<app>.yaml}, in the source directory, each a JSON merge patch (RFC 7386) of the source's
     * tool options; the repository, path and revision stay the Application's.
     */
    public Source withOverrides(SourceTree tree, String appName) {
        Map<String, Object> merged = Trees.copy(spec == null ? Map.of() : spec);
        boolean changed = false;
        for (String name : List.of(".argocd-source.yaml", ".argocd-source-" + appName + ".yaml")) {
            String file = SourceTree.join(dir(), name);
            java.util.Optional<String> text = tree.read(file);
            if (text.isEmpty()) {
                continue;
            }
            Object patch;
            try {
                List<io.gitopsbridge.yaml.YamlNode> docs = io.gitopsbridge.yaml.YamlFiles.documents(file, text.get());
                patch = docs.isEmpty() ? null : docs.get(0).plain();
            } catch (io.gitopsbridge.yaml.YamlException e) {
                throw new RenderException(e.getMessage(), e);
            }
            if (patch != null) {
                merged = Trees.map(mergePatch(merged, patch));
                changed = true;
            }
            if (merged == null) {
                throw new RenderException(file + ": must be a mapping of source options (helm:, kustomize:, directory:)");
            }
        }
        if (!changed) {
            return this;
        }
        for (String key : List.of("repoURL", "path", "targetRevision", "chart", "ref")) {
            if (spec != null && spec.containsKey(key)) {
                merged.put(key, spec.get(key));
            } else {
                merged.remove(key);
            }
        }
        return from(merged, SourceTree.join(dir(), ".argocd-source*.yaml"));
    }

    private static Object mergePatch(Object target, Object patch) {
        Map<String, Object> p = Trees.map(patch);
        if (p == null) {
            return Trees.copy(patch);
        }
        Map<String, Object> out = Trees.map(target) == null ? new java.util.LinkedHashMap<>() : Trees.copy(Trees.map(target));
        p.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, mergePatch(out.get(k), v));
            }
        });
        return out;
    }

    /**
     * Argo CD's rule: explicit options decide; otherwise a kustomization file makes it Kustomize (even beside a
     * {@code Chart.yaml}: Argo CD's discovery sees the kustomization last), a {@code Chart.yaml} Helm, and anything
     * else a directory.
     */
    public Type type(SourceTree tree) {
        int explicit = (directory != null ? 1 : 0) + (kustomize != null ? 1 : 0) + (helm != null ? 1 : 0);
        if (explicit > 1) {
            throw new RenderException("source " + dir() + ": more than one of directory, kustomize and helm is set");
        }
        if (helm != null) {
            return Type.HELM;
        }
        if (kustomize != null) {
            return Type.KUSTOMIZE;
        }
        if (directory != null) {
            return Type.DIRECTORY;
        }
        if (io.gitopsbridge.render.kustomize.Kustomize.isKustomization(tree, dir())) {
            return Type.KUSTOMIZE;
        }
        return tree.read(SourceTree.join(dir(), "Chart.yaml")).isPresent() ? Type.HELM : Type.DIRECTORY;
    }

    /** The source directory, normalized: {@code ""} for the root. */
    public String dir() {
        return path == null ? "" : SourceTree.join("", path);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static Map<String, Object> orEmpty(Map<String, Object> value) {
        return value == null ? Map.of() : value;
    }

    private static List<Object> orEmpty(List<Object> value) {
        return value == null ? List.of() : value;
    }
}
