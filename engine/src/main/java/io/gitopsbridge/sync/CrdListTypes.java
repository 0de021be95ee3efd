package io.gitopsbridge.sync;

import io.gitopsbridge.diff.ListTypes;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.merge.MergeKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The list types of custom resources, read from their CRDs on the cluster (once per comparison or sync), so a list
 * a CRD declares {@code x-kubernetes-list-type: map} merges by its keys in diff and apply, as the API server and
 * kubectl merge it; built-in kinds use the API's table instead.
 */
final class CrdListTypes {
    private final Resources resources;
    private final Map<String, ListTypes> cache = new ConcurrentHashMap<>();

    CrdListTypes(Resources resources) {
        this.resources = resources;
    }

    /** The list types of objects of {@code type}; none for built-in kinds and kinds without a CRD schema. */
    ListTypes of(ResourceType type) {
        if (type == null || MergeKeys.isBuiltin(type.group())) {
            return ListTypes.NONE;
        }
        return cache.computeIfAbsent(type.group() + "/" + type.version() + "/" + type.kind(), k -> {
            ResourceType crd = resources.type("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElse(null);
            if (crd == null) {
                return ListTypes.NONE;
            }
            return resources.get(crd, null, type.plural() + "." + type.group())
                    .map(object -> ListTypes.ofCrd(object, type.version())).orElse(ListTypes.NONE);
        });
    }
}
