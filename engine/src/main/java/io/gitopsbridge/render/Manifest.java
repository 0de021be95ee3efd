package io.gitopsbridge.render;

import java.util.Map;

/**
 * One rendered Kubernetes object and the file it came from (for error messages).
 *
 * @param object the object as nested maps and lists
 * @param file the source file, relative to the repository root
 */
public record Manifest(Map<String, Object> object, String file) {
    public String apiVersion() {
        return string(object.get("apiVersion"));
    }

    public String kind() {
        return string(object.get("kind"));
    }

    public String name() {
        return string(metadata().get("name"));
    }

    public String namespace() {
        return string(metadata().get("namespace"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        Object m = object.get("metadata");
        return m instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** {@code group/kind/namespace/name}, as identity for lookups and messages. */
    public String id() {
        String group = apiVersion() == null || !apiVersion().contains("/") ? "" : apiVersion().substring(0, apiVersion().indexOf('/'));
        return group + "/" + kind() + "/" + (namespace() == null ? "" : namespace()) + "/" + name();
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
