package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.KubeYaml;
import io.gitopsbridge.yaml.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field specs each builtin transformer uses: kustomize's defaults (from {@code builtin-fieldspecs.yaml}) plus what
 * a kustomization's {@code configurations:} files add.
 */
final class TransformerConfig {
    static final Set<String> SECTIONS = Set.of("namePrefix", "nameSuffix", "namespace", "commonLabels", "templateLabels",
            "commonAnnotations", "images", "replicas", "varReference", "nameReference", "labels", "volumeClaimTemplateLabels");
    private static final TransformerConfig BUILTIN = builtin();

    final Map<String, List<FieldSpec>> specs = new LinkedHashMap<>();
    /** nameReference: for each referred kind, the fields that refer to it. */
    final List<BackReference> nameReference = new ArrayList<>();

    record BackReference(String group, String version, String kind, List<FieldSpec> referrers) {
        boolean refersTo(ResId id) {
            return kind.equals(id.kind()) && (group.isEmpty() || group.equals(id.group()))
                    && (version.isEmpty() || version.equals(id.version()));
        }
    }

    static TransformerConfig defaults() {
        TransformerConfig c = new TransformerConfig();
        c.merge(BUILTIN);
        return c;
    }

    List<FieldSpec> get(String section) {
        return specs.getOrDefault(section, List.of());
    }

    private static TransformerConfig builtin() {
        try (InputStream in = TransformerConfig.class.getResourceAsStream("builtin-fieldspecs.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse(KubeYaml.load("builtin-fieldspecs.yaml", text), "builtin-fieldspecs.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A transformer configuration file as kustomize reads one ({@code configurations:} entries). */
    static TransformerConfig parse(Object doc, String file) {
        TransformerConfig c = new TransformerConfig();
        Map<String, Object> m = Trees.map(doc);
        if (m == null) {
            return c;
        }
        for (var e : m.entrySet()) {
            if (!SECTIONS.contains(e.getKey())) {
                throw new UnsupportedFieldException(file + ": transformer configuration '" + e.getKey()
                        + "' is not supported (supported: " + String.join(", ", new java.util.TreeSet<>(SECTIONS)) + ")");
            }
            if (e.getKey().equals("nameReference")) {
                List<Object> refs = Trees.list(e.getValue());
                for (int i = 0; refs != null && i < refs.size(); i++) {
                    Map<String, Object> r = Trees.map(refs.get(i));
                    String at = file + ": nameReference[" + i + "]";
                    if (r == null || r.get("kind") == null) {
                        throw new RenderException(at + ": needs a kind");
                    }
                    c.nameReference.add(new BackReference(FieldSpec.str(r.get("group")), FieldSpec.str(r.get("version")), r.get("kind").toString(),
                            FieldSpec.list(r.get("fieldSpecs"), at + ".fieldSpecs")));
                }
            } else {
                c.specs.put(e.getKey(), new ArrayList<>(FieldSpec.list(e.getValue(), file + ": " + e.getKey())));
            }
        }
        return c;
    }


    /**
     * Adds a kustomization's own {@code configurations:}. As kustomize does, name specs given there for some kinds
     * take the place of the default one for every kind.
     */
    void mergeCustom(TransformerConfig custom) {
        for (String section : java.util.List.of("namePrefix", "nameSuffix")) {
            if (!custom.get(section).isEmpty() && specs.containsKey(section)) {
                specs.get(section).removeIf(fs -> fs.kind().isEmpty() && fs.path().equals(java.util.List.of("metadata", "name")));
            }
        }
        merge(custom);
    }

    /** Adds another configuration's specs; a field already listed is not listed twice. */
    void merge(TransformerConfig other) {
        other.specs.forEach((section, list) -> {
            List<FieldSpec> mine = specs.computeIfAbsent(section, s -> new ArrayList<>());
            for (FieldSpec fs : list) {
                if (mine.stream().noneMatch(fs::sameField)) {
                    mine.add(fs);
                }
            }
        });
        for (BackReference ref : other.nameReference) {
            BackReference same = nameReference.stream().filter(r -> r.kind.equals(ref.kind) && r.group.equals(ref.group)
                    && r.version.equals(ref.version)).findFirst().orElse(null);
            if (same == null) {
                nameReference.add(new BackReference(ref.group, ref.version, ref.kind, new ArrayList<>(ref.referrers)));
            } else {
                for (FieldSpec fs : ref.referrers) {
                    if (same.referrers.stream().noneMatch(fs::sameField)) {
                        same.referrers.add(fs);
                    }
                }
            }
        }
    }
}
