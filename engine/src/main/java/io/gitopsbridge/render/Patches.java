package io.gitopsbridge.render;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Strategic merge patches (for built-in kinds) and JSON 6902 patches on objects held as maps. */
final class Patches {
    /** List fields merged item by item, by this key, as the Kubernetes API declares them. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"), Map.entry("env", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("imagePullSecrets", "name"),
            Map.entry("hostAliases", "ip"), Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("ports", "containerPort"), Map.entry("conditions", "type"));
    private static final Set<String> SERVICE_KINDS = Set.of("Service");

    private Patches() {}

    /** Applies a strategic merge patch in place. */
    static void strategicMerge(Map<String, Object> target, Map<String, Object> patch, String kind) {
        merge(target, patch, kind, "");
    }

    private static void merge(Map<String, Object> target, Map<String, Object> patch, String kind, String field) {
        if ("replace".equals(patch.get("$patch"))) {
            target.clear();
            patch.forEach((k, v) -> {
                if (!k.equals("$patch")) {
                    target.put(k, Trees.copy(v));
                }
            });
            return;
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals("$patch")) {
                continue;
            }
            if (value == null) {
                target.remove(key);
                continue;
            }
            Object current = target.get(key);
            Map<String, Object> patchMap = Objects2.map(value);
            List<Object> patchList = Objects2.list(value);
            if (patchMap != null && Objects2.map(current) != null) {
                merge(Objects2.map(current), patchMap, kind, key);
            } else if (patchList != null && Objects2.list(current) != null && mergeKey(key, kind) != null) {
                mergeList(Objects2.list(current), patchList, mergeKey(key, kind), kind, key);
            } else {
                target.put(key, Trees.copy(value));
            }
        }
    }

    private static String mergeKey(String field, String kind) {
        if (field.equals("ports") && SERVICE_KINDS.contains(kind)) {
            return "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static void mergeList(List<Object> target, List<Object> patch, String key, String kind, String field) {
        for (Object item : patch) {
            Map<String, Object> p = Objects2.map(item);
            if (p == null || p.get(key) == null) {
                throw new RenderException("strategic merge patch: an item of " + field + " has no " + key);
            }
            Map<String, Object> existing = null;
            for (Object t : target) {
                Map<String, Object> tm = Objects2.map(t);
                if (tm != null && p.get(key).equals(tm.get(key))) {
                    existing = tm;
                }
            }
            if ("delete".equals(p.get("$patch"))) {
                if (existing != null) {
                    target.remove(existing);
                }
            } else if (existing != null) {
                merge(existing, p, kind, field);
            } else {
                Map<String, Object> added = Objects2.map(Trees.copy(p));
                added.remove("$patch");
                target.add(added);
            }
        }
    }

    /**
     * Applies JSON 6902 operations in place.
     *
     * @throws RenderException naming the operation that does not apply
     */
    static Map<String, Object> json6902(Map<String, Object> target, List<Object> operations, String where) {
        Object root = target;
        for (int i = 0; i < operations.size(); i++) {
            Map<String, Object> op = Objects2.map(operations.get(i));
            String at = where + ": operation " + i;
            if (op == null || op.get("op") == null || op.get("path") == null) {
                throw new RenderException(at + ": needs op and path");
            }
            String path = op.get("path").toString();
            switch (op.get("op").toString()) {
                case "add" -> root = put(root, path, Trees.copy(op.get("value")), false, at);
                case "replace" -> {
                    find(root, path, at);
                    root = put(root, path, Trees.copy(op.get("value")), true, at);
                }
                case "remove" -> remove(root, path, at);
                case "move", "copy" -> {
                    String from = String.valueOf(op.get("from"));
                    Object value = Trees.copy(find(root, from, at));
                    if (op.get("op").equals("move")) {
                        remove(root, from, at);
                    }
                    root = put(root, path, value, false, at);
                }
                case "test" -> {
                    if (!java.util.Objects.equals(find(root, path, at), op.get("value"))) {
                        throw new RenderException(at + ": test of " + path + " failed");
                    }
                }
                default -> throw new RenderException(at + ": unknown op '" + op.get("op") + "'");
            }
        }
        return Objects2.map(root);
    }

    private static List<String> pointer(String path, String at) {
        if (path.isEmpty()) {
            return List.of();
        }
        if (!path.startsWith("/")) {
            throw new RenderException(at + ": path '" + path + "' is not a JSON pointer");
        }
        List<String> parts = new ArrayList<>();
        for (String p : path.substring(1).split("/", -1)) {
            parts.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    private static Object find(Object root, String path, String at) {
        Object current = root;
        for (String part : pointer(path, at)) {
            current = child(current, part, path, at);
        }
        return current;
    }

    private static Object child(Object node, String part, String path, String at) {
        Map<String, Object> m = Objects2.map(node);
        List<Object> l = Objects2.list(node);
        if (m != null && m.containsKey(part)) {
            return m.get(part);
        }
        if (l != null && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
            return l.get(Integer.parseInt(part));
        }
        throw new RenderException(at + ": path " + path + " does not exist");
    }

    /** The container of the pointer's last part. */
    private static Object parent(Object root, List<String> parts, String path, String at) {
        Object parent = root;
        for (String part : parts.subList(0, parts.size() - 1)) {
            parent = child(parent, part, path, at);
        }
        return parent;
    }

    /**
     * Writes {@code value} at the pointer: {@code add} inserts into a list, {@code replace} overwrites in place so a
     * map keeps its key order.
     */
    private static Object put(Object root, String path, Object value, boolean replace, String at) {
        List<String> parts = pointer(path, at);
        if (parts.isEmpty()) {
            return value;
        }
        Object parent = parent(root, parts, path, at);
        String last = parts.get(parts.size() - 1);
        Map<String, Object> m = Objects2.map(parent);
        List<Object> l = Objects2.list(parent);
        if (m != null) {
            m.put(last, value);
        } else if (l != null && replace) {
            l.set(Integer.parseInt(last), value);
        } else if (l != null && last.equals("-")) {
            l.add(value);
        } else if (l != null && last.matches("\\d+") && Integer.parseInt(last) <= l.size()) {
            l.add(Integer.parseInt(last), value);
        } else {
            throw new RenderException(at + ": cannot add at " + path);
        }
        return root;
    }

    private static void remove(Object root, String path, String at) {
        List<String> parts = pointer(path, at);
        if (parts.isEmpty()) {
            throw new RenderException(at + ": cannot remove the whole object");
        }
        Object parent = parent(root, parts, path, at);
        String last = parts.get(parts.size() - 1);
        Map<String, Object> m = Objects2.map(parent);
        List<Object> l = Objects2.list(parent);
        if (m != null && m.containsKey(last)) {
            m.remove(last);
        } else if (l != null && last.matches("\\d+") && Integer.parseInt(last) < l.size()) {
            l.remove(Integer.parseInt(last));
        } else {
            throw new RenderException(at + ": path " + path + " does not exist");
        }
    }

    static boolean isOperationList(Object parsed) {
        List<Object> l = Objects2.list(parsed);
        if (l == null) {
            return false;
        }
        for (Iterator<Object> it = l.iterator(); it.hasNext();) {
            Map<String, Object> m = Objects2.map(it.next());
            if (m == null || !m.containsKey("op")) {
                return false;
            }
        }
        return true;
    }
}
