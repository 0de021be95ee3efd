package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON patches (RFC 6902) on objects held as plain maps and lists. */
final class JsonPatch {
    private JsonPatch() {}

    /**
     * Applies JSON 6902 operations in place.
     *
     * @throws RenderException naming the operation that does not apply
     */
    static Map<String, Object> apply(Map<String, Object> target, List<Object> operations, String where) {
        Object root = target;
        for (int i = 0; i < operations.size(); i++) {
            Map<String, Object> op = Trees.map(operations.get(i));
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
                    if (!Trees.same(find(root, path, at), op.get("value"))) {
                        throw new RenderException(at + ": test of " + path + " failed");
                    }
                }
                default -> throw new RenderException(at + ": unknown op '" + op.get("op") + "'");
            }
        }
        return Trees.map(root);
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
        Map<String, Object> m = Trees.map(node);
        List<Object> l = Trees.list(node);
        if (m != null && m.containsKey(part)) {
            return m.get(part);
        }
        if (l != null && FieldPaths.index(part) >= 0 && FieldPaths.index(part) < l.size()) {
            return l.get(FieldPaths.index(part));
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
        Map<String, Object> m = Trees.map(parent);
        List<Object> l = Trees.list(parent);
        if (m != null) {
            m.put(last, value);
        } else if (l != null && replace) {
            if (FieldPaths.index(last) < 0 || FieldPaths.index(last) >= l.size()) {
                throw new RenderException(at + ": path " + path + " does not exist");
            }
            l.set(FieldPaths.index(last), value);
        } else if (l != null && last.equals("-")) {
            l.add(value);
        } else if (l != null && FieldPaths.index(last) >= 0 && FieldPaths.index(last) <= l.size()) {
            l.add(FieldPaths.index(last), value);
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
        Map<String, Object> m = Trees.map(parent);
        List<Object> l = Trees.list(parent);
        if (m != null && m.containsKey(last)) {
            m.remove(last);
        } else if (l != null && FieldPaths.index(last) >= 0 && FieldPaths.index(last) < l.size()) {
            l.remove(FieldPaths.index(last));
        } else {
            throw new RenderException(at + ": path " + path + " does not exist");
        }
    }

    /** Whether a parsed patch is a list of JSON 6902 operations rather than a strategic merge patch. */
    static boolean isOperationList(Object parsed) {
        List<Object> l = Trees.list(parsed);
        if (l == null) {
            return false;
        }
        for (Object o : l) {
            Map<String, Object> m = Trees.map(o);
            if (m == null || !m.containsKey("op")) {
                return false;
            }
        }
        return true;
    }
}
