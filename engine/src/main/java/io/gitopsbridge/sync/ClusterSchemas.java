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
 * no permission, the test API), built-in kinds from the engine's table and custom resources from their CRD's
 * structural schema.
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

    private final Resources resources;
    private final Map<String, MergeRules> rules = new ConcurrentHashMap<>();
    private Map<String, String> served;

    ClusterSchemas(Resources resources) {
        this.resources = resources;
    }

    /** The merge rules of objects of {@code type}, or of {@code apiVersion} {@code kind} when it is not served yet. */
    MergeRules of(ResourceType type, String apiVersion, String kind) {
        if (type == null) {
            return MergeRules.builtin(apiVersion, kind);
        }
        return rules.computeIfAbsent(type.group() + "/" + type.version() + "/" + type.kind(), k -> {
            Optional<TypeSchema> published = published(type);
            if (MergeRules.isBuiltin(type.group())) {
                return MergeRules.strategic(published.or(() -> BuiltinKinds.schema().of(type.group(), type.version(), type.kind()))
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
        OpenApi document = url.contains("hash=") ? DOCUMENTS.get(url) : null;
        if (document == null) {
            Optional<OpenApi> read = resources.read(url).map(ClusterSchemas::parse);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            document = read.get();
            if (url.contains("hash=")) {
                DOCUMENTS.put(url, document);
            }
        }
        return document.of(type.group(), type.version(), type.kind());
    }

    /** The group-versions {@code /openapi/v3} lists, with the URL of each one's document. */
    private synchronized Map<String, String> paths() {
        if (served == null) {
            Map<String, String> out = new LinkedHashMap<>();
            Map<String, Object> root = resources.read("/openapi/v3").map(ClusterSchemas::json).orElse(null);
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

    /** A document, without its descriptions: they are most of its size and say nothing about merging. */
    private static OpenApi parse(String text) {
        Map<String, Object> tree = json(text);
        stripDescriptions(tree);
        return OpenApi.parse(tree);
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

    private static void stripDescriptions(Object node) {
        if (node instanceof Map<?, ?> map) {
            map.remove("description");
            map.values().forEach(ClusterSchemas::stripDescriptions);
        } else if (node instanceof List<?> list) {
            list.forEach(ClusterSchemas::stripDescriptions);
        }
    }
}
