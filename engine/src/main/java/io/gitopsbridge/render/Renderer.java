package io.gitopsbridge.render;

import io.gitopsbridge.render.kustomize.Kustomize;
import io.gitopsbridge.render.kustomize.KustomizeOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/** Renders a {@link Source} from a {@link SourceTree}, choosing the renderer as Argo CD does. */
public final class Renderer {
    static final String OVERLAY = ".gitops-bridge-overlay";

    private Renderer() {}

    /**
     * Renders with the release name {@code release} and namespace {@code default} for Helm charts.
     *
     * @throws RenderException naming the file and field of the first problem
     */
    public static List<Manifest> render(Source source, SourceTree tree) {
        return render(source, tree, "release", "default");
    }

    /**
     * @param release the Helm release name when the source sets none (Argo CD uses the Application's name)
     * @param namespace the Helm release namespace when the source sets none (the Application's destination)
     * @throws RenderException naming the file and field of the first problem
     */
    public static List<Manifest> render(Source source, SourceTree tree, String release, String namespace) {
        return render(source, tree, release, namespace, Map.of());
    }

    /**
     * @param refs the trees of the other sources of a multi-source Application, by their {@code ref}
     */
    public static List<Manifest> render(Source original, SourceTree tree, String release, String namespace,
            Map<String, SourceTree> refs) {
        String dir = original.dir();
        if (!tree.isDirectory(dir)) {
            throw new RenderException("path '" + (original.path() == null ? "" : original.path()) + "': no such directory in "
                    + (original.repoURL() == null ? "the source" : original.repoURL()));
        }
        Source source = original.withOverrides(tree, release);
        return switch (source.type(tree)) {
            case DIRECTORY -> {
                Source.Directory d = source.directory() == null ? new Source.Directory(false, null, null) : source.directory();
                yield DirectorySource.render(tree, dir, d.recurse(), d.include(), d.exclude());
            }
            case KUSTOMIZE -> source.kustomize() == null ? Kustomize.build(tree, dir, KustomizeOptions.ARGO_CD)
                    : Kustomize.build(overlay(tree, dir, source.kustomize()), SourceTree.join(dir, OVERLAY), KustomizeOptions.ARGO_CD);
            case HELM -> HelmChart.render(tree, dir, source.helm() == null ? Map.of() : source.helm(), release, namespace, refs);
        };
    }

    /** Argo CD's kustomize options as an overlay kustomization on top of the source's own. */
    private static SourceTree overlay(SourceTree tree, String dir, Source.KustomizeOptions o) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("resources", List.of(".."));
        put(k, "namePrefix", o.namePrefix());
        put(k, "nameSuffix", o.nameSuffix());
        put(k, "namespace", o.namespace());
        if (!o.commonLabels().isEmpty()) {
            k.put("commonLabels", o.commonLabels());
        }
        if (!o.commonAnnotations().isEmpty()) {
            k.put("commonAnnotations", o.commonAnnotations());
        }
        if (!o.images().isEmpty()) {
            List<Map<String, Object>> images = new ArrayList<>();
            for (String image : o.images()) {
                images.add(image(image));
            }
            k.put("images", images);
        }
        if (!o.replicas().isEmpty()) {
            k.put("replicas", o.replicas());
        }
        if (!o.patches().isEmpty()) {
            k.put("patches", o.patches());
        }
        String text = new Dump(DumpSettings.builder().build()).dumpToString(k);
        String overlayDir = SourceTree.join(dir, OVERLAY);
        String overlayFile = SourceTree.join(overlayDir, "kustomization.yaml");
        return new SourceTree() {
            @Override
            public Optional<String> read(String path) {
                return path.equals(overlayFile) ? Optional.of(text) : tree.read(path);
            }

            @Override
            public boolean isDirectory(String path) {
                return path.equals(overlayDir) || tree.isDirectory(path);
            }

            @Override
            public List<String> list(String d) {
                return d.equals(overlayDir) ? List.of("kustomization.yaml") : tree.list(d);
            }
        };
    }

    private static void put(Map<String, Object> k, String key, String value) {
        if (value != null && !value.isEmpty()) {
            k.put(key, value);
        }
    }

    /** Argo CD's image override syntax: {@code [old=]new[:tag|@digest]}. */
    static Map<String, Object> image(String spec) {
        Map<String, Object> image = new LinkedHashMap<>();
        String name = spec;
        String target = spec;
        int eq = spec.indexOf('=');
        if (eq > 0) {
            name = spec.substring(0, eq);
            target = spec.substring(eq + 1);
        }
        String digest = null;
        if (target.contains("@")) {
            digest = target.substring(target.indexOf('@') + 1);
            target = target.substring(0, target.indexOf('@'));
        }
        String tag = null;
        int colon = target.lastIndexOf(':');
        if (colon > target.lastIndexOf('/')) {
            tag = target.substring(colon + 1);
            target = target.substring(0, colon);
        }
        if (eq <= 0) {
            int nameColon = name.lastIndexOf(':');
            name = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
            name = nameColon > name.lastIndexOf('/') ? name.substring(0, nameColon) : name;
        }
        image.put("name", name);
        if (!target.equals(name)) {
            image.put("newName", target);
        }
        if (tag != null) {
            image.put("newTag", tag);
        }
        if (digest != null) {
            image.put("digest", digest);
        }
        return image;
    }

    /** The objects as a YAML stream. */
    public static String yaml(List<Manifest> manifests) {
        return Yaml.dump(manifests);
    }
}
