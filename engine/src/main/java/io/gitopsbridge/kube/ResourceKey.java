package io.gitopsbridge.kube;

import io.gitopsbridge.yaml.Trees;
import java.util.Comparator;
import java.util.Map;

/**
 * What identifies an object across API versions: group, kind, namespace and name, as Argo CD pairs desired and live
 * objects.
 *
 * @param group the API group, {@code ""} for core
 * @param namespace {@code ""} for cluster-scoped objects
 */
public record ResourceKey(String group, String kind, String namespace, String name) implements Comparable<ResourceKey> {
    private static final Comparator<ResourceKey> ORDER = Comparator.comparing((ResourceKey k) -> k.group())
            .thenComparing(k -> k.kind()).thenComparing(k -> k.namespace()).thenComparing(k -> k.name());

    public static ResourceKey of(Map<String, Object> object) {
        Map<String, Object> metadata = Trees.map(object.get("metadata"));
        Object ns = metadata == null ? null : metadata.get("namespace");
        Object name = metadata == null ? null : metadata.get("name");
        return new ResourceKey(group(String.valueOf(object.get("apiVersion"))), String.valueOf(object.get("kind")),
                ns == null ? "" : ns.toString(), name == null ? "" : name.toString());
    }

    /** The group of an {@code apiVersion}: {@code apps} for {@code apps/v1}, {@code ""} for {@code v1}. */
    public static String group(String apiVersion) {
        return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    /** {@code apps/Deployment shop/web}, {@code Namespace shop}. */
    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    @Override
    public int compareTo(ResourceKey o) {
        return ORDER.compare(this, o);
    }
}
