package io.gitopsbridge.schema;

import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;

/**
 * The merge metadata of one field, as the API publishes it in its OpenAPI extensions.
 *
 * @param patchStrategy {@code x-kubernetes-patch-strategy} ({@code merge}, {@code retainKeys}, {@code merge,retainKeys},
 *     {@code replace}), or null
 * @param mergeKey {@code x-kubernetes-patch-merge-key}, or null
 * @param listType {@code x-kubernetes-list-type} ({@code atomic}, {@code set}, {@code map}), or null
 * @param listMapKeys {@code x-kubernetes-list-map-keys}, empty when none
 */
public record Field(String patchStrategy, String mergeKey, String listType, List<String> listMapKeys) {
    public Field {
        listMapKeys = List.copyOf(listMapKeys);
    }

    /** Whether the patch strategy names {@code strategy} ({@code merge,retainKeys} names both). */
    public boolean hasStrategy(String strategy) {
        return patchStrategy != null && List.of(patchStrategy.split(",")).contains(strategy);
    }

    /** The metadata of a schema node, from its extensions. */
    static Field of(Map<String, Object> node) {
        Object strategy = node.get("x-kubernetes-patch-strategy");
        Object key = node.get("x-kubernetes-patch-merge-key");
        Object type = node.get("x-kubernetes-list-type");
        List<Object> keys = Trees.list(node.get("x-kubernetes-list-map-keys"));
        return new Field(strategy == null ? null : strategy.toString(), key == null ? null : key.toString(),
                type == null ? null : type.toString(), keys == null ? List.of() : keys.stream().map(String::valueOf).toList());
    }
}
