package io.gitopsbridge.schema;

import io.gitopsbridge.yaml.Trees;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Schemas from OpenAPI definitions: an OpenAPI v2 document's {@code definitions} (kustomize's {@code openapi} files),
 * an OpenAPI v3 document's {@code components.schemas} (what the API server serves under {@code /openapi/v3}), or the
 * built-in table. Kinds are found by {@code x-kubernetes-group-version-kind}; fields by walking {@code properties},
 * array {@code items}, map {@code additionalProperties} and {@code $ref}s (also inside {@code allOf}, as v3 wraps
 * them); a field's metadata is read from the property that names it.
 */
public final class OpenApi implements Schemas {
    private static final int MAX_REF_HOPS = 64;

    private final Map<String, Map<String, Object>> definitions;
    private final Map<String, String> kinds;
    private final OpenApi base;

    private OpenApi(Map<String, Map<String, Object>> definitions, OpenApi base) {
        this.definitions = definitions;
        this.base = base;
        this.kinds = new HashMap<>();
        definitions.forEach((name, def) -> {
            List<Object> gvks = Trees.list(def.get("x-kubernetes-group-version-kind"));
            for (Object g : gvks == null ? List.of() : gvks) {
                Map<String, Object> gvk = Trees.map(g);
                if (gvk != null) {
                    kinds.putIfAbsent(key(gvk.get("group") == null ? "" : gvk.get("group").toString(),
                            String.valueOf(gvk.get("version")), String.valueOf(gvk.get("kind"))), name);
                }
            }
        });
    }

    /** The definitions of an OpenAPI v2 or v3 document (a JSON or YAML tree); none when it has neither section. */
    public static OpenApi parse(Object document) {
        Map<String, Object> root = Trees.map(document);
        Map<String, Object> defs = root == null ? null : Trees.map(root.get("definitions"));
        if (defs == null && root != null && Trees.map(root.get("components")) != null) {
            defs = Trees.map(Trees.map(root.get("components")).get("schemas"));
        }
        return of(defs == null ? Map.of() : defs);
    }

    static OpenApi of(Map<String, ?> definitions) {
        Map<String, Map<String, Object>> defs = new LinkedHashMap<>();
        definitions.forEach((name, def) -> {
            Map<String, Object> node = Trees.map(def);
            if (node != null) {
                defs.put(name, node);
            }
        });
        return new OpenApi(defs, null);
    }

    /** This document with {@code other}'s definitions added (the documents of several group-versions of one cluster). */
    public OpenApi with(OpenApi other) {
        Map<String, Map<String, Object>> defs = new LinkedHashMap<>(definitions);
        other.definitions.forEach(defs::putIfAbsent);
        return new OpenApi(defs, base);
    }

    /**
     * This document over {@code base}: a {@code $ref} to a definition this one lacks resolves in {@code base}, as a
     * kustomization's schema refers to the Kubernetes types ({@code io.k8s.api.core.v1.PodTemplateSpec}) it extends.
     */
    public OpenApi over(OpenApi base) {
        return new OpenApi(definitions, base);
    }

    @Override
    public Optional<TypeSchema> of(String group, String version, String kind) {
        String name = kinds.get(key(group, version, kind));
        if (name == null) {
            return Optional.empty();
        }
        Map<String, Object> root = definitions.get(name);
        return Optional.of(path -> walk(root, path));
    }

    /** The schema of {@code kind} of {@code group} at whichever version this document defines it, if any. */
    Optional<TypeSchema> ofAnyVersion(String group, String kind) {
        return kinds.keySet().stream().filter(k -> k.startsWith(group + "/") && k.endsWith("/" + kind)
                && k.split("/").length == 3).sorted().findFirst().flatMap(k -> of(group, k.split("/")[1], kind));
    }

    /** A schema with no references, such as a CRD version's {@code openAPIV3Schema}. */
    public static TypeSchema inline(Map<String, Object> root) {
        OpenApi none = new OpenApi(Map.of(), null);
        return path -> none.walk(root, path);
    }

    private Optional<Field> walk(Map<String, Object> root, List<String> path) {
        Map<String, Object> node = root;
        Map<String, Object> property = null;
        for (String name : path) {
            node = resolve(node);
            for (int hops = 0; node != null && Trees.map(node.get("items")) != null && hops < MAX_REF_HOPS; hops++) {
                node = resolve(Trees.map(node.get("items")));
            }
            if (node == null) {
                return Optional.empty();
            }
            Map<String, Object> properties = Trees.map(node.get("properties"));
            Map<String, Object> child = properties == null ? null : Trees.map(properties.get(name));
            if (child == null) {
                child = Trees.map(node.get("additionalProperties"));
            }
            if (child == null) {
                return Optional.empty();
            }
            property = child;
            node = child;
        }
        return property == null ? Optional.empty() : Optional.of(Field.of(property));
    }

    /** The node a {@code $ref} (directly or as the one member of {@code allOf}) points to, or the node itself. */
    private Map<String, Object> resolve(Map<String, Object> node) {
        for (int hops = 0; node != null && hops < MAX_REF_HOPS; hops++) {
            String ref = ref(node);
            if (ref == null) {
                return node;
            }
            node = definition(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return null;
    }

    private Map<String, Object> definition(String name) {
        Map<String, Object> def = definitions.get(name);
        return def != null || base == null ? def : base.definition(name);
    }

    private static String ref(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref != null) {
            return ref.toString();
        }
        List<Object> allOf = Trees.list(node.get("allOf"));
        if (allOf != null && allOf.size() == 1 && Trees.map(allOf.get(0)) != null) {
            Object inner = Trees.map(allOf.get(0)).get("$ref");
            return inner == null ? null : inner.toString();
        }
        return null;
    }

    private static String key(String group, String version, String kind) {
        return group + "/" + version + "/" + kind;
    }
}
