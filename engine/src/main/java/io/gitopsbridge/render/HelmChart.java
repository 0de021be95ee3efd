package io.gitopsbridge.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * A Helm chart in the source rendered with {@code helm template} (Helm v3 as a library, through helm-java), with
 * Argo CD's precedence: value files in order, then {@code values}/{@code valuesObject}, then {@code parameters}.
 */
final class HelmChart {
    private static final Set<String> FIELDS = Set.of("valueFiles", "values", "valuesObject", "parameters", "releaseName",
            "skipCrds", "ignoreMissingValueFiles", "namespace", "kubeVersion");

    private HelmChart() {}

    /**
     * @param helm the source's {@code helm} options (may be empty)
     * @param release the release name when {@code helm.releaseName} is not set (Argo CD uses the Application's name)
     * @param namespace the release namespace when {@code helm.namespace} is not set (the destination's)
     */
    static List<Manifest> render(SourceTree tree, String dir, Map<String, Object> helm, String release, String namespace,
            Map<String, SourceTree> refs) {
        for (String key : helm.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new RenderException("path '" + dir + "': helm." + key + " is not supported");
            }
        }
        Path chart = null;
        try {
            chart = Files.createTempDirectory("gitops-bridge-chart");
            copy(tree, dir, chart);
            dependencies(tree, dir, chart);
            TemplateCommand template = new Helm(chart).template()
                    .withName(helm.get("releaseName") != null ? helm.get("releaseName").toString() : release)
                    .withNamespace(helm.get("namespace") != null ? helm.get("namespace").toString() : namespace);
            if (helm.get("kubeVersion") != null) {
                template.withKubeVersion(helm.get("kubeVersion").toString());
            }
            if (Boolean.TRUE.equals(helm.get("skipCrds"))) {
                template.skipCrds();
            }
            boolean ignoreMissing = Boolean.TRUE.equals(helm.get("ignoreMissingValueFiles"));
            int n = 0;
            for (Object f : list(helm.get("valueFiles"))) {
                java.util.Optional<String> text = valueFile(tree, dir, f.toString(), refs);
                if (text.isEmpty()) {
                    if (ignoreMissing) {
                        continue;
                    }
                    throw new RenderException("path '" + dir + "': value file '" + f + "' does not exist");
                }
                Path file = chart.resolve(".values-" + n++ + ".yaml");
                Files.writeString(file, text.get(), StandardCharsets.UTF_8);
                template.withValuesFile(file);
            }
            String inline = helm.get("valuesObject") != null
                    ? new Dump(DumpSettings.builder().build()).dumpToString(helm.get("valuesObject"))
                    : helm.get("values") == null ? null : helm.get("values").toString();
            if (inline != null) {
                template.withValuesFile(Files.writeString(chart.resolve(".values-inline.yaml"), inline, StandardCharsets.UTF_8));
            }
            Map<String, Object> forced = new java.util.LinkedHashMap<>();
            for (Object p : list(helm.get("parameters"))) {
                Map<String, Object> parameter = Objects2.map(p);
                if (parameter == null || parameter.get("name") == null) {
                    throw new RenderException("path '" + dir + "': helm.parameters: each needs a name");
                }
                String name = parameter.get("name").toString();
                if (Boolean.TRUE.equals(parameter.get("forceString"))) {
                    forceString(forced, name, String.valueOf(parameter.get("value")), dir);
                } else {
                    template.set(name, String.valueOf(parameter.get("value")));
                }
            }
            if (!forced.isEmpty()) {
                // helm-java has no --set-string: a values file with quoted strings gives the same values.
                template.withValuesFile(Files.writeString(chart.resolve(".values-forced.yaml"),
                        io.gitopsbridge.yaml.Trees.yaml(forced), StandardCharsets.UTF_8));
            }
            String output;
            try {
                output = template.call();
            } catch (IllegalStateException e) {
                throw new RenderException("path '" + dir + "': helm template failed: " + e.getMessage(), e);
            }
            return manifests(dir, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the chart in " + dir + ": " + e.getMessage(), e);
        } finally {
            delete(chart);
        }
    }

    /** {@code --set-string a.b.c=value} as a tree; list indexes and escaped dots are refused rather than guessed. */
    @SuppressWarnings("unchecked")
    private static void forceString(Map<String, Object> into, String name, String value, String dir) {
        if (name.contains("[") || name.contains("\\") || name.contains(",")) {
            throw new RenderException("path '" + dir + "': helm.parameters: forceString for '" + name + "' (list index, escape"
                    + " or comma) is not supported");
        }
        String[] parts = name.split("\\.");
        Map<String, Object> current = into;
        for (int i = 0; i < parts.length - 1; i++) {
            current = (Map<String, Object>) current.computeIfAbsent(parts[i], k -> new java.util.LinkedHashMap<String, Object>());
        }
        current.put(parts[parts.length - 1], value);
    }

    /** A value file relative to the chart, or {@code $ref/path} in the source named {@code ref} (multi-source). */
    private static java.util.Optional<String> valueFile(SourceTree tree, String dir, String file, Map<String, SourceTree> refs) {
        if (file.startsWith("$")) {
            int slash = file.indexOf('/');
            String ref = slash < 0 ? file.substring(1) : file.substring(1, slash);
            SourceTree other = refs.get(ref);
            if (other == null) {
                throw new RenderException("path '" + dir + "': value file '" + file + "' names source '" + ref
                        + "', but no source has ref: " + ref);
            }
            return slash < 0 ? java.util.Optional.empty() : other.read(SourceTree.join("", file.substring(slash + 1)));
        }
        return tree.read(SourceTree.join(dir, file));
    }

    /** Splits Helm's output, taking each object's file from Helm's {@code # Source:} comment. */
    private static List<Manifest> manifests(String dir, String output) {
        List<Manifest> out = new ArrayList<>();
        for (String doc : output.split("(?m)^---\\s*$")) {
            String file = dir;
            for (String line : doc.split("\n")) {
                if (line.startsWith("# Source: ")) {
                    String source = line.substring("# Source: ".length()).trim();
                    file = SourceTree.join(dir, source.contains("/") ? source.substring(source.indexOf('/') + 1) : source);
                    break;
                }
            }
            DirectorySource.read(file, doc, out);
        }
        return out;
    }

    private static List<Object> list(Object o) {
        List<Object> l = Objects2.list(o);
        return l == null ? List.of() : l;
    }

    /**
     * What Argo CD's {@code helm dependency build} gives a chart whose dependencies are not under {@code charts/}:
     * {@code file://} dependencies (charts elsewhere in the repository) are copied in; a dependency from a Helm
     * repository cannot be fetched here and is refused by name.
     */
    private static void dependencies(SourceTree tree, String dir, Path chart) throws IOException {
        Object meta;
        try {
            List<io.gitopsbridge.yaml.YamlNode> docs = io.gitopsbridge.yaml.YamlFiles.documents(SourceTree.join(dir, "Chart.yaml"),
                    tree.read(SourceTree.join(dir, "Chart.yaml")).orElse(""));
            meta = docs.isEmpty() ? null : docs.get(0).plain();
        } catch (io.gitopsbridge.yaml.YamlException e) {
            throw new RenderException(e.getMessage(), e);
        }
        Map<String, Object> chartYaml = Objects2.map(meta);
        for (Object d : chartYaml == null ? List.of() : list(chartYaml.get("dependencies"))) {
            Map<String, Object> dep = Objects2.map(d);
            if (dep == null || dep.get("name") == null) {
                continue;
            }
            String name = dep.get("name").toString();
            String repository = dep.get("repository") == null ? "" : dep.get("repository").toString();
            String charts = SourceTree.join(dir, "charts");
            boolean vendored = tree.isDirectory(SourceTree.join(charts, name)) || (tree.isDirectory(charts)
                    && tree.list(charts).stream().anyMatch(f -> f.startsWith(name + "-") && f.endsWith(".tgz")));
            if (vendored) {
                continue;
            }
            if (repository.startsWith("file://")) {
                String path = SourceTree.join(dir, repository.substring("file://".length()));
                if (!tree.isDirectory(path)) {
                    throw new RenderException("path '" + dir + "': chart dependency '" + name + "': " + repository
                            + " is not a directory in the repository");
                }
                copy(tree, path, Files.createDirectories(chart.resolve("charts").resolve(name)));
            } else {
                throw new RenderException("path '" + dir + "': chart dependency '" + name + "' from '" + repository
                        + "' is not under charts/, and Helm repositories are not fetched: run helm dependency build and commit"
                        + " charts/, or use a file:// dependency");
            }
        }
    }

    private static void copy(SourceTree tree, String dir, Path target) throws IOException {
        for (String name : tree.list(dir)) {
            if (name.endsWith("/")) {
                Path sub = Files.createDirectories(target.resolve(name.substring(0, name.length() - 1)));
                copy(tree, SourceTree.join(dir, name), sub);
            } else {
                // Bytes, not text: vendored dependencies are .tgz archives.
                Files.write(target.resolve(name), tree.readBytes(SourceTree.join(dir, name)).orElseThrow());
            }
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is removed by the OS eventually.
        }
    }
}
