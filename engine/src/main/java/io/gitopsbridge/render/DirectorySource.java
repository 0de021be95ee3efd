package io.gitopsbridge.render;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain manifests, as Argo CD's directory source reads them: {@code .yaml}, {@code .yml} and {@code .json} files,
 * multi-document files, {@code List} kinds flattened; subdirectories only with {@code recurse}; {@code include} and
 * {@code exclude} globs matched against paths relative to the source directory.
 */
final class DirectorySource {
    private DirectorySource() {}

    static List<Manifest> render(SourceTree tree, String dir, boolean recurse, String include, String exclude) {
        if (!tree.isDirectory(dir)) {
            throw new RenderException((dir.isEmpty() ? "." : dir) + ": no such directory in the source");
        }
        List<Manifest> out = new ArrayList<>();
        PathMatcher in = include == null || include.isBlank() ? null : glob(include);
        PathMatcher ex = exclude == null || exclude.isBlank() ? null : glob(exclude);
        walk(tree, dir, "", recurse, in, ex, out);
        return out;
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    private static void walk(SourceTree tree, String root, String rel, boolean recurse, PathMatcher in, PathMatcher ex,
            List<Manifest> out) {
        String here = rel.isEmpty() ? root : SourceTree.join(root, rel);
        for (String name : tree.list(here)) {
            if (name.startsWith(".")) {
                continue;
            }
            if (name.endsWith("/")) {
                if (recurse) {
                    walk(tree, root, rel.isEmpty() ? name.substring(0, name.length() - 1) : rel + "/" + name.substring(0, name.length() - 1),
                            recurse, in, ex, out);
                }
                continue;
            }
            boolean jsonnet = name.endsWith(".jsonnet");
            if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json") || jsonnet)) {
                continue;
            }
            String relative = rel.isEmpty() ? name : rel + "/" + name;
            Path p = Path.of(relative);
            if ((in != null && !in.matches(p) && !in.matches(p.getFileName())) || (ex != null && (ex.matches(p) || ex.matches(p.getFileName())))) {
                continue;
            }
            String file = SourceTree.join(root, relative);
            if (jsonnet) {
                throw new RenderException(file + ": Jsonnet is not supported yet (Argo CD would evaluate it): render it to YAML"
                        + " in the repository, or leave it out with directory.exclude");
            }
            read(file, tree.read(file).orElseThrow(), out);
        }
    }

    /** The objects of one file, {@code List} kinds flattened, each checked to be a Kubernetes object. */
    static void read(String file, String text, List<Manifest> out) {
        for (Map<String, Object> doc : Yaml.documents(file, text)) {
            String kind = String.valueOf(doc.get("kind"));
            List<Object> items = Objects2.list(doc.get("items"));
            if (kind.endsWith("List") && items != null) {
                for (Object item : items) {
                    Map<String, Object> m = Objects2.map(item);
                    if (m != null) {
                        out.add(checked(file, m));
                    }
                }
            } else {
                out.add(checked(file, doc));
            }
        }
    }

    private static Manifest checked(String file, Map<String, Object> object) {
        Manifest m = new Manifest(object, file);
        if (m.apiVersion() == null || m.kind() == null || (m.name() == null && m.metadata().get("generateName") == null)) {
            throw new RenderException(file + ": an object without apiVersion, kind or metadata.name (or generateName)"
                    + (m.kind() != null ? " (kind " + m.kind() + ")" : ""));
        }
        return m;
    }
}
