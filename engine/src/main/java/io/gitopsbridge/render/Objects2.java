package io.gitopsbridge.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Small helpers over objects held as nested maps and lists. */
final class Objects2 {
    private Objects2() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : null;
    }

    /** The map at {@code path}, created (with every map on the way) when missing. */
    static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
        return io.gitopsbridge.yaml.Trees.mapAt(root, path);
    }

    /** The value at {@code path}, or {@code null}. */
    static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            Map<String, Object> m = map(current);
            if (m == null) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    /** Calls {@code action} with every map in the list at {@code path}, if there is one. */
    static void eachIn(Map<String, Object> root, Consumer<Map<String, Object>> action, String... path) {
        List<Object> items = list(get(root, path));
        if (items != null) {
            for (Object item : new ArrayList<>(items)) {
                Map<String, Object> m = map(item);
                if (m != null) {
                    action.accept(m);
                }
            }
        }
    }

    /** The pod spec of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), or null. */
    static Map<String, Object> podSpec(Manifest m) {
        return switch (m.kind() == null ? "" : m.kind()) {
            case "Pod" -> map(m.object().get("spec"));
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" ->
                    map(get(m.object(), "spec", "template", "spec"));
            case "CronJob" -> map(get(m.object(), "spec", "jobTemplate", "spec", "template", "spec"));
            default -> null;
        };
    }

    /** The pod template's metadata of a workload, created when missing; null for other kinds. */
    static Map<String, Object> templateMetadata(Manifest m) {
        return switch (m.kind() == null ? "" : m.kind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" ->
                    mapAt(m.object(), "spec", "template", "metadata");
            case "CronJob" -> mapAt(m.object(), "spec", "jobTemplate", "spec", "template", "metadata");
            default -> null;
        };
    }

    /** Every container and init container of a workload. */
    static List<Map<String, Object>> containers(Manifest m) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> spec = podSpec(m);
        if (spec != null) {
            eachIn(spec, out::add, "initContainers");
            eachIn(spec, out::add, "containers");
        }
        return out;
    }
}
