package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.merge.MergeKeys;
import io.gitopsbridge.merge.StrategicMerge;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kustomize's {@code openapi: {path: …}}: an OpenAPI document (JSON or YAML, {@code definitions} with
 * {@code x-kubernetes-group-version-kind}) whose {@code x-kubernetes-patch-merge-key} and
 * {@code x-kubernetes-patch-strategy} decide how strategic merge patches merge the lists of the kinds it defines,
 * as the API's schema does for built-in kinds. Like kustomize, it extends the built-in schema: a {@code $ref} to a
 * Kubernetes type it does not define ({@code io.k8s.api…PodTemplateSpec}) has that type's merge keys.
 */
final class OpenApiSchema {
    /** The built-in schema version kustomize ships; {@code openapi: {version: …}} may name only it. */
    static final String BUILTIN_VERSION = "v1.21.2";

    /** Stands for a field inside a built-in Kubernetes type that the document refers to without defining. */
    private static final Map<String, Object> BUILTIN = new java.util.HashMap<>();

    private final Map<String, Object> definitions;

    private OpenApiSchema(Map<String, Object> definitions) {
        this.definitions = definitions;
    }

    static OpenApiSchema parse(Object doc) {
        Map<String, Object> root = Trees.map(doc);
        Map<String, Object> defs = root == null ? null : Trees.map(root.get("definitions"));
        return new OpenApiSchema(defs == null ? Map.of() : defs);
    }

    /** Merge keys for one object's lists: this schema's where it defines the kind and field, else the defaults. */
    StrategicMerge.Keys keys(ResId id) {
        StrategicMerge.Keys defaults = StrategicMerge.keysFor(id.group(), id.kind(), true);
        Map<String, Object> type = definition(id);
        return new StrategicMerge.Keys() {
            @Override
            public String key(List<String> path, List<Object> target, List<Object> patch) {
                Map<String, Object> field = type == null ? null : field(type, path);
                if (field == BUILTIN) {
                    return MergeKeys.of("", path);
                }
                if (field == null) {
                    return defaults.key(path, target, patch);
                }
                Object strategy = field.get("x-kubernetes-patch-strategy");
                Object key = field.get("x-kubernetes-patch-merge-key");
                return key != null && strategy != null && strategy.toString().contains("merge") ? key.toString() : null;
            }

            @Override
            public boolean mergesScalars(List<String> path) {
                Map<String, Object> field = type == null ? null : field(type, path);
                if (field == null || field == BUILTIN) {
                    return MergeKeys.mergesScalars(path);
                }
                Object strategy = field.get("x-kubernetes-patch-strategy");
                return strategy != null && strategy.toString().contains("merge");
            }

            @Override
            public boolean patchOrder() {
                return true;
            }
        };
    }

    private Map<String, Object> definition(ResId id) {
        for (Object d : definitions.values()) {
            Map<String, Object> def = Trees.map(d);
            List<Object> gvks = def == null ? null : Trees.list(def.get("x-kubernetes-group-version-kind"));
            for (Object g : gvks == null ? List.of() : gvks) {
                Map<String, Object> gvk = Trees.map(g);
                if (gvk != null && id.kind().equals(gvk.get("kind")) && id.version().equals(String.valueOf(gvk.get("version")))
                        && id.group().equals(gvk.get("group") == null ? "" : gvk.get("group").toString())) {
                    return def;
                }
            }
        }
        return null;
    }

    /** The schema of the field at {@code path} (field names; list items are stepped into), or null. */
    private Map<String, Object> field(Map<String, Object> type, List<String> path) {
        Map<String, Object> current = type;
        List<String> parts = new ArrayList<>(path);
        for (int i = 0; i < parts.size(); i++) {
            if (refersToBuiltin(current)) {
                return BUILTIN;
            }
            current = resolve(current);
            for (int hops = 0; current != null && Trees.map(current.get("items")) != null
                    && Trees.map(current.get("properties")) == null; hops++) {
                if (hops > 50) {
                    return null;
                }
                current = resolve(Trees.map(current.get("items")));
            }
            Map<String, Object> properties = current == null ? null : Trees.map(current.get("properties"));
            if (properties == null || Trees.map(properties.get(parts.get(i))) == null) {
                return null;
            }
            current = Trees.map(properties.get(parts.get(i)));
            if (i < parts.size() - 1) {
                continue;
            }
            return current;
        }
        return null;
    }

    private boolean refersToBuiltin(Map<String, Object> node) {
        Object ref = node == null ? null : node.get("$ref");
        if (ref == null) {
            return false;
        }
        String name = ref.toString().startsWith("#/definitions/") ? ref.toString().substring("#/definitions/".length()) : ref.toString();
        return !definitions.containsKey(name) && name.startsWith("io.k8s.");
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        Map<String, Object> current = node;
        for (int hops = 0; current != null && current.get("$ref") != null && hops < 50; hops++) {
            String ref = current.get("$ref").toString();
            current = Trees.map(definitions.get(ref.startsWith("#/definitions/") ? ref.substring("#/definitions/".length()) : ref));
        }
        return current;
    }
}
