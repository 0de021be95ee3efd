package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dotted field paths as vars and replacements write them: {@code spec.ports[0].port}, {@code spec.ports.0.port},
 * {@code spec.containers.[name=app].image}, {@code metadata.annotations.[a.b/c]} for a key with dots.
 */
final class FieldPaths {
    private FieldPaths() {}

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char c : path.toCharArray()) {
            if (c == '[') {
                if (depth == 0 && cur.length() > 0) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                }
                depth++;
                cur.append(c);
            } else if (c == ']') {
                depth--;
                cur.append(c);
            } else if (c == '.' && depth == 0) {
                if (cur.length() > 0) {
                    parts.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            parts.add(cur.toString());
        }
        return parts;
    }

    /** The value at {@code path}, or null. */
    static Object get(Object root, String path) {
        Object current = root;
        for (String part : split(path)) {
            current = child(current, part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A list index written in a path ({@code 0}, {@code 12}), or -1 when it is not one (or too large to be one). */
    static int index(String part) {
        return part.matches("\\d{1,9}") ? Integer.parseInt(part) : -1;
    }

    /** One step: a map key, a list index, or a list item selected by {@code [key=value]}. */
    static Object child(Object node, String part) {
        Map<String, Object> map = Trees.map(node);
        List<Object> list = Trees.list(node);
        if (part.startsWith("[") && part.endsWith("]")) {
            String inner = part.substring(1, part.length() - 1);
            int eq = inner.indexOf('=');
            if (list != null && eq > 0) {
                String key = inner.substring(0, eq);
                String value = inner.substring(eq + 1);
                for (Object item : list) {
                    Map<String, Object> m = Trees.map(item);
                    if (m != null && m.get(key) != null && value.equals(m.get(key).toString())) {
                        return m;
                    }
                }
                return null;
            }
            if (list != null && index(inner) >= 0) {
                int i = index(inner);
                return i < list.size() ? list.get(i) : null;
            }
            return map == null ? null : map.get(inner);
        }
        if (map != null) {
            return map.get(part);
        }
        if (list != null && index(part) >= 0) {
            int i = index(part);
            return i < list.size() ? list.get(i) : null;
        }
        return null;
    }
}
