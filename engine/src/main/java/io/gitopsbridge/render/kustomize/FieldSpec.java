package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A field of some kinds, as kustomize's field specs name them: {@code path} is {@code /}-separated ({@code \/} for a
 * slash inside a key, {@code []} after a list field), lists on the way are walked element by element, and with
 * {@code create} missing maps (and the field itself) are made.
 */
record FieldSpec(String group, String version, String kind, List<String> path, boolean create) {

    static FieldSpec of(Map<String, Object> m, String where) {
        // Other keys (a "name", say) are ignored, as kustomize's own reading of field specs ignores them.
        if (m.get("path") == null || split(m.get("path").toString()).isEmpty()) {
            throw new RenderException(where + ": a field spec needs a path");
        }
        return new FieldSpec(str(m.get("group")), str(m.get("version")), str(m.get("kind")), split(m.get("path").toString()),
                Boolean.TRUE.equals(m.get("create")));
    }

    static List<FieldSpec> list(Object o, String where) {
        List<FieldSpec> out = new ArrayList<>();
        List<Object> l = Trees.list(o);
        if (o != null && l == null) {
            throw new RenderException(where + ": must be a list of field specs");
        }
        if (l != null) {
            for (int i = 0; i < l.size(); i++) {
                Map<String, Object> m = Trees.map(l.get(i));
                if (m == null) {
                    throw new RenderException(where + "[" + i + "]: must be a field spec (path, kind, …)");
                }
                out.add(of(m, where + "[" + i + "]"));
            }
        }
        return out;
    }

    /** A scalar field's text, or "" when absent. */
    static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
                part.append('/');
                i++;
            } else if (c == '/') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    boolean selects(ResId id) {
        return (group.isEmpty() || group.equals(id.group())) && (version.isEmpty() || version.equals(id.version()))
                && (kind.isEmpty() || kind.equals(id.kind()));
    }

    /** The same field of the same kinds, whatever {@code create} says. */
    boolean sameField(FieldSpec o) {
        return group.equals(o.group) && version.equals(o.version) && kind.equals(o.kind) && path.equals(o.path);
    }

    /** A field found in an object: the map holding it and its key. */
    record Field(Map<String, Object> parent, String key) {
        Object value() {
            return parent.get(key);
        }

        void set(Object value) {
            parent.put(key, value);
        }
    }

    /** Calls {@code action} with every occurrence of this field in {@code object} (creating it if asked). */
    void visit(Map<String, Object> object, Consumer<Field> action) {
        walk(object, 0, action);
    }

    private void walk(Object node, int index, Consumer<Field> action) {
        if (node instanceof List<?> l) {
            for (Object item : new ArrayList<>(l)) {
                walk(item, index, action);
            }
            return;
        }
        Map<String, Object> map = Trees.map(node);
        if (map == null) {
            return;
        }
        String part = path.get(index);
        boolean listField = part.endsWith("[]");
        String key = listField ? part.substring(0, part.length() - 2) : part;
        if (index == path.size() - 1) {
            if (map.containsKey(key) || create) {
                action.accept(new Field(map, key));
            }
            return;
        }
        Object next = map.get(key);
        if (next == null) {
            if (!create || path.stream().skip(index).anyMatch(p -> p.endsWith("[]"))) {
                return;
            }
            next = new java.util.LinkedHashMap<String, Object>();
            map.put(key, next);
        }
        walk(next, index + 1, action);
    }

    @Override
    public String toString() {
        return (kind.isEmpty() ? "" : kind + ":") + String.join("/", path) + (Objects.equals(group, "") ? "" : " (" + group + ")");
    }
}
