package io.gitopsbridge.render;

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
 */
public record Source(String repoURL, String targetRevision, String path, Directory directory, KustomizeOptions kustomize,
        Map<String, Object> helm, String ref) {

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
                Objects2.map(source.get("helm")), string(source.get("ref")));
    }

    /**
     * Argo CD's rule: explicit options decide; otherwise a {@code Chart.yaml} makes it Helm, a kustomization file
     * Kustomize, and anything else a directory.
     */
    public Type type(SourceTree tree) {
        int explicit = (directory != null ? 1 : 0) + (kustomize != null ? 1 : 0) + (helm != null ? 1 : 0);
        if (explicit > 1) {
            throw new RenderException("source " + dir() + ": more than one of directory, kustomize and helm is set");
        }
        if (helm != null || tree.read(SourceTree.join(dir(), "Chart.yaml")).isPresent() && explicit == 0) {
            return Type.HELM;
        }
        if (kustomize != null || explicit == 0 && io.gitopsbridge.render.kustomize.Kustomize.isKustomization(tree, dir())) {
            return Type.KUSTOMIZE;
        }
        return Type.DIRECTORY;
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
