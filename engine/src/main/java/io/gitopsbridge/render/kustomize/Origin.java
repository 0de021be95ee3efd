package io.gitopsbridge.render.kustomize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where an object came from, or a transformer that ran on it, for kustomize's {@code buildMetadata}
 * ({@code config.kubernetes.io/origin}, {@code alpha.config.kubernetes.io/transformations}). Paths are kept from the
 * source root and written relative to the directory being built.
 *
 * @param path the file an object was read from, or null
 * @param configuredIn the kustomization or plugin config file of a generator or transformer, or null
 * @param kind the builtin generator or transformer
 * @param name the plugin config's name (configs given under generators: or transformers:), or null
 * @param namespace the plugin config's namespace, or null
 */
record Origin(String path, String configuredIn, String kind, String name, String namespace) {
    static Origin file(String path) {
        return new Origin(path, null, null, null, null);
    }

    static Origin builtin(String configuredIn, String kind) {
        return new Origin(null, configuredIn, kind, null, null);
    }

    /** The annotation's YAML, as kustomize writes it; {@code indent} for items of the transformations list. */
    String yaml(String root, String indent) {
        if (path != null) {
            return indent + "path: " + relative(root, path) + "\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(indent).append("configuredIn: ").append(relative(root, configuredIn)).append('\n');
        String inner = indent.isEmpty() ? "  " : indent + "  ";
        out.append(indent).append("configuredBy:\n").append(inner).append("apiVersion: builtin\n").append(inner).append("kind: ")
                .append(kind).append('\n');
        if (name != null && !name.isEmpty()) {
            out.append(inner).append("name: ").append(name).append('\n');
        }
        if (namespace != null && !namespace.isEmpty()) {
            out.append(inner).append("namespace: ").append(namespace).append('\n');
        }
        return out.toString();
    }

    static String transformations(List<Origin> list, String root) {
        StringBuilder out = new StringBuilder();
        for (Origin o : list) {
            String item = o.yaml(root, "  ");
            out.append("- ").append(item.substring(2));
        }
        return out.toString();
    }

    /** {@code path} (from the source root) as seen from {@code dir}. */
    static String relative(String dir, String path) {
        List<String> from = parts(dir);
        List<String> to = parts(path);
        int common = 0;
        while (common < from.size() && common < to.size() - 1 && from.get(common).equals(to.get(common))) {
            common++;
        }
        Deque<String> out = new ArrayDeque<>();
        for (int i = common; i < from.size(); i++) {
            out.add("..");
        }
        out.addAll(to.subList(common, to.size()));
        return String.join("/", out);
    }

    private static List<String> parts(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
