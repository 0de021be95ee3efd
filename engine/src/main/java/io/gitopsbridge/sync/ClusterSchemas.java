package io.gitopsbridge.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.schema.BuiltinKinds;
import io.gitopsbridge.schema.CrdSchema;
import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.schema.OpenApi;
import io.gitopsbridge.schema.TypeSchema;
import io.gitopsbridge.yaml.Trees;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each kind's fields merge on one cluster (read once per comparison or sync): from the schema the cluster serves
 * under {@code /openapi/v3} for the kind's group-version, as kubectl reads it; where it serves none (older servers,
 * no permission, the test API) or cannot be read, built-in kinds from the engine's table and custom resources from
 * their CRD's structural schema. The schema only refines merging, so a failure to read it never fails a sync.
 */
final class ClusterSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHED_DOCUMENTS = 32;
    /**
     * Parsed documents by their {@code serverRelativeURL}, which carries the hash of their content: the same URL is
     * the same schema, on any cluster, until the cluster's API changes and the URL with it.
     */
    private static final Map<String, OpenApi> DOCUMENTS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, OpenApi> eldest) {
                    return size() > CACHED_DOCUMENTS;
                }
            });

    /** What a schema node may carry that merging reads; the rest (descriptions, defaults, formats) is dropped. */
    private static final java.util.Set<String> KEPT = java.util.Set.of("properties", "items", "additionalProperties", "$ref",
            "allOf", "type", "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key", "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys", "x-kubernetes-group-version-kind");

    private final Resources resources;
    private final Map<String, MergeRules> rules = new ConcurrentHashMap<>();
    private final Map<String, Optional<OpenApi>> read = new ConcurrentHashMap<>();
    private Map<String, String> served;
    private final java.time.Duration ttl;
    private volatile long readAt = System.nanoTime();

    /** For one operation: read once, kept until {@link #forget}. */
    ClusterSchemas(Resources resources) {
        this(resources, null);
    }

    /** For repeated comparisons: read again once {@code ttl} has passed, so a changed API is seen. */
    ClusterSchemas(Resources resources, java.time.Duration ttl) {
        this.resources = resources;
        this.ttl = ttl;
    }

    /** Forgets what was read, after this sync changed CRDs (and so the cluster's schemas). */
    synchronized void forget() {
        readAt = System.nanoTime();
        rules.clear();
        read.clear();
        served = null;
    }

    /** The merge rules of objects of {@code type}, or of {@code apiVersion} {@code kind} when it is not served yet. */
    MergeRules of(ResourceType type, String apiVersion, String kind) {
        if (ttl != null && System.nanoTime() - readAt > ttl.toNanos()) {
            forget();
        }
        if (type == null) {
            return MergeRules.builtin(apiVersion, kind);
        }
        return rules.computeIfAbsent(type.group() + "/" + type.version() + "/" + type.kind(), k -> {
            Optional<TypeSchema> published = published(type);
            if (MergeRules.isBuiltin(type.group())) {
                return MergeRules.strategic(published.or(() -> BuiltinKinds.of(type.group(), type.version(), type.kind()))
                        .orElse(TypeSchema.NONE));
            }
            return MergeRules.structural(published.orElseGet(() -> crd(type)));
        });
    }

    private Optional<TypeSchema> published(ResourceType type) {
        String url = paths().get(type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version());
        if (url == null) {
            return Optional.empty();
        }
        OpenApi cached = url.contains("hash=") ? DOCUMENTS.get(url) : null;
        Optional<OpenApi> document = cached != null ? Optional.of(cached) : read.computeIfAbsent(url, u -> {
            Optional<OpenApi> parsed = readQuietly(u).map(ClusterSchemas::json).map(ClusterSchemas::document);
            if (parsed.isPresent() && u.contains("hash=")) {
                DOCUMENTS.put(u, parsed.get());
            }
            return parsed;
        });
        return document.flatMap(d -> d.of(type.group(), type.version(), type.kind()));
    }

    /** The group-versions {@code /openapi/v3} lists, with the URL of each one's document. */
    private synchronized Map<String, String> paths() {
        if (served == null) {
            Map<String, String> out = new LinkedHashMap<>();
            Map<String, Object> root = readQuietly("/openapi/v3").map(ClusterSchemas::json).orElse(null);
            Map<String, Object> paths = root == null ? null : Trees.map(root.get("paths"));
            if (paths != null) {
                paths.forEach((path, entry) -> {
                    Map<String, Object> e = Trees.map(entry);
                    if (e != null && e.get("serverRelativeURL") != null) {
                        out.put(path, e.get("serverRelativeURL").toString());
                    }
                });
            }
            served = out;
        }
        return served;
    }

    private TypeSchema crd(ResourceType type) {
        ResourceType crds = resources.type("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElse(null);
        if (crds == null) {
            return TypeSchema.NONE;
        }
        return resources.get(crds, null, type.plural() + "." + type.group()).map(object -> CrdSchema.of(object, type.version()))
                .orElse(TypeSchema.NONE);
    }

    /** The body at {@code path}, or empty when it cannot be read for any reason (the built-in rules apply then). */
    private Optional<String> readQuietly(String path) {
        try {
            return resources.read(path);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A document cut to what merging reads: the whole of one group-version's is megabytes, mostly descriptions. */
    private static OpenApi document(Map<String, Object> tree) {
        Map<String, Object> components = Trees.map(tree.get("components"));
        Map<String, Object> schemas = components == null ? null : Trees.map(components.get("schemas"));
        Map<String, Object> definitions = new LinkedHashMap<>();
        if (schemas != null) {
            schemas.forEach((name, node) -> definitions.put(name, cut(node)));
        }
        return OpenApi.parse(Map.of("components", Map.of("schemas", definitions)));
    }

    /** A schema node with only the keys merging reads; {@code properties} keep every field, each cut in turn. */
    private static Object cut(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(ClusterSchemas::cut).toList();
        }
        Map<String, Object> map = Trees.map(node);
        if (map == null) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key.equals("properties") && Trees.map(value) != null) {
                Map<String, Object> properties = new LinkedHashMap<>();
                Trees.map(value).forEach((field, schema) -> properties.put(field, cut(schema)));
                out.put(key, properties);
            } else if (KEPT.contains(key)) {
                out.put(key, key.startsWith("x-kubernetes") ? value : cut(value));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        try {
            Object tree = JSON.readValue(text, Object.class);
            return tree instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
