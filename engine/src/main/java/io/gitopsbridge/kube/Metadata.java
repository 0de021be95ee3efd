package io.gitopsbridge.kube;

import io.gitopsbridge.yaml.Trees;
import java.util.Map;

/** Reading an object's metadata when it is held as a plain tree. */
public final class Metadata {
    private Metadata() {}

    /** The annotation's value, or {@code null}. */
    public static String annotation(Map<String, Object> object, String name) {
        return entry(object, "annotations", name);
    }

    /** The label's value, or {@code null}. */
    public static String label(Map<String, Object> object, String name) {
        return entry(object, "labels", name);
    }

    /** {@code metadata.uid}, or {@code null} (an object not read from a cluster). */
    public static String uid(Map<String, Object> object) {
        Map<String, Object> metadata = Trees.map(object.get("metadata"));
        Object uid = metadata == null ? null : metadata.get("uid");
        return uid == null ? null : uid.toString();
    }

    private static String entry(Map<String, Object> object, String map, String name) {
        Map<String, Object> metadata = Trees.map(object.get("metadata"));
        Map<String, Object> entries = metadata == null ? null : Trees.map(metadata.get(map));
        Object value = entries == null ? null : entries.get(name);
        return value == null ? null : value.toString();
    }
}
