package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kustomize's label and annotation transformers: entries added to the maps at some field specs
 * ({@code commonLabels}: metadata, templates and selectors; {@code labels[]}: metadata, plus templates with
 * {@code includeTemplates}, selectors with {@code includeSelectors}, and its own {@code fields};
 * {@code commonAnnotations}: metadata and templates).
 */
final class MapEntriesTransformer {
    private static final Set<String> LABEL_KEYS = Set.of("pairs", "includeSelectors", "includeTemplates",
            "includeVolumeClaimTemplates", "fields");
    private final Map<String, Object> entries;
    private final List<FieldSpec> specs;

    MapEntriesTransformer(Map<String, Object> entries, List<FieldSpec> specs) {
        this.entries = entries;
        this.specs = specs;
    }

    static List<MapEntriesTransformer> fromKustomization(Kustomization k, TransformerConfig config) {
        List<MapEntriesTransformer> out = new ArrayList<>();
        Map<String, Object> common = k.map("commonLabels");
        if (common != null) {
            out.add(new MapEntriesTransformer(strings(common, k.at("commonLabels")), config.get("commonLabels")));
        }
        List<Map<String, Object>> labels = k.maps("labels");
        for (int i = 0; i < labels.size(); i++) {
            Map<String, Object> e = labels.get(i);
            String where = k.at("labels") + "[" + i + "]";
            k.checkKeys(e, where, LABEL_KEYS);
            Map<String, Object> pairs = Trees.map(e.get("pairs"));
            if (e.get("pairs") != null && pairs == null) {
                throw new RenderException(where + ": pairs must be a mapping");
            }
            List<FieldSpec> specs = new ArrayList<>();
            if (Boolean.TRUE.equals(e.get("includeSelectors"))) {
                merge(specs, config.get("commonLabels"));
            } else {
                if (Boolean.TRUE.equals(e.get("includeTemplates"))) {
                    merge(specs, config.get("templateLabels"));
                }
                merge(specs, List.of(new FieldSpec("", "", "", List.of("metadata", "labels"), true)));
            }
            if (Boolean.TRUE.equals(e.get("includeVolumeClaimTemplates"))) {
                merge(specs, config.get("volumeClaimTemplateLabels"));
            }
            merge(specs, FieldSpec.list(e.get("fields"), where + ".fields"));
            merge(specs, config.get("labels"));
            out.add(new MapEntriesTransformer(strings(pairs == null ? Map.of() : pairs, where), specs));
        }
        Map<String, Object> annotations = k.map("commonAnnotations");
        if (annotations != null) {
            out.add(new MapEntriesTransformer(strings(annotations, k.at("commonAnnotations")), config.get("commonAnnotations")));
        }
        return out;
    }

    private static void merge(List<FieldSpec> into, List<FieldSpec> add) {
        for (FieldSpec fs : add) {
            if (into.stream().noneMatch(fs::sameField)) {
                into.add(fs);
            }
        }
    }

    static Map<String, Object> strings(Map<String, Object> m, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((key, v) -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                throw new RenderException(where + ": the value of '" + key + "' must be a string");
            }
            out.put(key, v == null ? "" : v.toString());
        });
        return out;
    }

    void transform(ResMap m) {
        if (entries.isEmpty()) {
            return;
        }
        for (Resource r : m.all()) {
            ResId id = r.id();
            for (FieldSpec fs : specs) {
                if (!fs.selects(id)) {
                    continue;
                }
                fs.visit(r.object(), f -> {
                    Map<String, Object> target = Trees.map(f.value());
                    if (target == null) {
                        if (f.value() != null) {
                            throw new RenderException(r.file() + ": " + id + ": " + String.join("/", fs.path())
                                    + " is not a map, cannot add " + entries.keySet());
                        }
                        target = new LinkedHashMap<>();
                        f.set(target);
                    }
                    target.putAll(entries);
                });
            }
        }
    }
}
