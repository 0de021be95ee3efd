package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code crds:}: OpenAPI definitions of custom kinds (as {@code openapi-gen} writes them) whose Kubernetes extensions
 * tell kustomize which fields refer to other objects by name ({@code x-kubernetes-object-ref-kind} and
 * {@code -api-version}, {@code -name-key}), hold labels to select by ({@code x-kubernetes-label-selector}),
 * annotations ({@code x-kubernetes-annotation}) or the object's identity ({@code x-kubernetes-identity}).
 */
final class CrdConfig {
    private CrdConfig() {}

    static TransformerConfig of(Object doc, String file) {
        Map<String, Object> definitions = Trees.map(doc);
        if (definitions == null) {
            throw new RenderException(file + ": crds: expected a map of OpenAPI definitions");
        }
        TransformerConfig config = new TransformerConfig();
        for (String name : definitions.keySet()) {
            String kind = name.substring(name.lastIndexOf('.') + 1);
            walk(config, kind, definitions, name, new ArrayList<>(), new HashSet<>());
        }
        return config;
    }

    private static void walk(TransformerConfig config, String kind, Map<String, Object> definitions, String definition,
            List<String> path, Set<String> seen) {
        Map<String, Object> def = Trees.map(definitions.get(definition));
        if (def == null || !seen.add(definition)) {
            return;
        }
        Map<String, Object> schema = Trees.map(def.get("Schema"));
        Map<String, Object> properties = schema == null ? null : Trees.map(schema.get("properties"));
        if (properties == null) {
            return;
        }
        for (var e : properties.entrySet()) {
            Map<String, Object> property = Trees.map(e.getValue());
            if (property == null) {
                continue;
            }
            List<String> at = new ArrayList<>(path);
            at.add(e.getKey());
            if (property.containsKey("x-kubernetes-annotation")) {
                add(config, "commonAnnotations", spec(kind, at));
            }
            if (property.containsKey("x-kubernetes-label-selector")) {
                add(config, "commonLabels", spec(kind, at));
            }
            if (property.containsKey("x-kubernetes-identity")) {
                add(config, "namePrefix", spec(kind, at));
            }
            Object version = property.get("x-kubernetes-object-ref-api-version");
            Object refKind = property.get("x-kubernetes-object-ref-kind");
            if (version != null && refKind != null) {
                List<String> nameAt = new ArrayList<>(at);
                nameAt.add(property.get("x-kubernetes-object-ref-name-key") == null ? "name"
                        : property.get("x-kubernetes-object-ref-name-key").toString());
                TransformerConfig ref = new TransformerConfig();
                ref.nameReference.add(new TransformerConfig.BackReference("", version.toString(), refKind.toString(),
                        new ArrayList<>(List.of(spec(kind, nameAt)))));
                config.merge(ref);
            }
            if (property.get("$ref") != null) {
                walk(config, kind, definitions, property.get("$ref").toString(), at, new HashSet<>(seen));
            }
        }
    }

    private static FieldSpec spec(String kind, List<String> path) {
        return new FieldSpec("", "", kind, List.copyOf(path), false);
    }

    private static void add(TransformerConfig config, String section, FieldSpec fs) {
        TransformerConfig one = new TransformerConfig();
        one.specs.put(section, new ArrayList<>(List.of(fs)));
        config.merge(one);
    }
}
