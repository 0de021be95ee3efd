package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A set of fields in an object, from a JSON pointer, a jq path expression or a field manager's {@code fieldsV1}
 * entry. A path may select several fields (every element of a list, the elements whose field has a value).
 */
public final class FieldPath {
    private sealed interface Segment {}

    private record Key(String name) implements Segment {}

    private record Index(int index) implements Segment {}

    private record Each() implements Segment {}

    /** List elements whose fields have these values (jq {@code select}, managed fields {@code k:}). */
    private record Where(Map<String, Object> values) implements Segment {}

    /** The list element equal to a value (managed fields {@code v:}). */
    private record Element(Object value) implements Segment {}

    private final List<Segment> segments;
    private final String text;

    private FieldPath(List<Segment> segments, String text) {
        this.segments = List.copyOf(segments);
        this.text = text;
    }

    /**
     * An RFC 6901 pointer such as {@code /spec/replicas} or {@code /metadata/annotations/a~1b}.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static FieldPath pointer(String pointer) {
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer '" + pointer + "' must start with /");
        }
        List<Segment> segments = new ArrayList<>();
        if (!pointer.isEmpty()) {
            for (String token : pointer.substring(1).split("/", -1)) {
                String t = token.replace("~1", "/").replace("~0", "~");
                segments.add(t.matches("0|[1-9][0-9]*") ? new Index(Integer.parseInt(t)) : new Key(t));
            }
        }
        return new FieldPath(segments, pointer);
    }

    /**
     * The jq path forms people use in {@code jqPathExpressions}: {@code .a.b}, {@code ."a.b"}, {@code .a["b"]},
     * {@code .a[]}, {@code .a[]?}, {@code .a[0]}, and {@code | select(.f == "v")} (also {@code .f.g == 1},
     * {@code and}-joined) after a list.
     *
     * @throws IllegalArgumentException naming the expression and the part not understood
     */
    public static FieldPath jq(String expression) {
        List<Segment> segments = new ArrayList<>();
        String[] parts = expression.split("\\|");
        for (String raw : parts) {
            String part = raw.trim();
            if (part.startsWith("select(") && part.endsWith(")")) {
                if (segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof Each)) {
                    throw new IllegalArgumentException("jq path '" + expression + "': select(...) must follow a list ([])");
                }
                segments.set(segments.size() - 1, new Where(conditions(expression, part.substring(7, part.length() - 1))));
            } else {
                segments.addAll(steps(expression, part));
            }
        }
        return new FieldPath(segments, expression);
    }

    private static Map<String, Object> conditions(String expression, String body) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String c : body.split("\\band\\b")) {
            int eq = c.indexOf("==");
            if (eq < 0) {
                throw new IllegalArgumentException("jq path '" + expression + "': only select(.field == value) is supported");
            }
            List<Segment> field = steps(expression, c.substring(0, eq).trim());
            if (field.size() != 1 || !(field.get(0) instanceof Key k)) {
                throw new IllegalArgumentException("jq path '" + expression + "': select compares one field, such as .name");
            }
            Object value = new Load(LoadSettings.builder().build()).loadFromString(c.substring(eq + 2).trim());
            values.put(k.name(), value);
        }
        return values;
    }

    private static List<Segment> steps(String expression, String part) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        if (part.equals(".")) {
            return out;
        }
        while (i < part.length()) {
            char c = part.charAt(i);
            if (c == '.' && i + 1 < part.length() && part.charAt(i + 1) == '"') {
                int end = part.indexOf('"', i + 2);
                out.add(new Key(part.substring(i + 2, requireEnd(expression, end))));
                i = end + 1;
            } else if (c == '.' && i + 1 < part.length() && part.charAt(i + 1) != '[') {
                int end = i + 1;
                while (end < part.length() && (Character.isLetterOrDigit(part.charAt(end)) || part.charAt(end) == '_'
                        || part.charAt(end) == '-')) {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("jq path '" + expression + "': cannot read '" + part.substring(i) + "'");
                }
                out.add(new Key(part.substring(i + 1, end)));
                i = end;
            } else if (c == '.' && i + 1 < part.length()) {
                i++;
            } else if (c == '[') {
                int end = part.indexOf(']', i);
                String inside = part.substring(i + 1, requireEnd(expression, end)).trim();
                if (inside.isEmpty()) {
                    out.add(new Each());
                } else if (inside.matches("[0-9]+")) {
                    out.add(new Index(Integer.parseInt(inside)));
                } else if (inside.startsWith("\"") && inside.endsWith("\"") && inside.length() >= 2) {
                    out.add(new Key(inside.substring(1, inside.length() - 1)));
                } else {
                    throw new IllegalArgumentException("jq path '" + expression + "': cannot read '[" + inside + "]'");
                }
                i = end + 1;
                if (i < part.length() && part.charAt(i) == '?') {
                    i++;
                }
            } else {
                throw new IllegalArgumentException("jq path '" + expression + "': cannot read '" + part.substring(i)
                        + "' (supported: .field, .\"field\", [], [N], select(.field == value))");
            }
        }
        return out;
    }

    private static int requireEnd(String expression, int end) {
        if (end < 0) {
            throw new IllegalArgumentException("jq path '" + expression + "': unclosed quote or bracket");
        }
        return end;
    }

    /**
     * The fields a manager owns, from a {@code managedFields[].fieldsV1} tree ({@code f:name}, {@code k:{...}},
     * {@code v:value}, {@code i:N}); the leaves only, since an owned map entry {@code "."} owns just the entry itself.
     */
    public static List<FieldPath> managedFields(Map<String, Object> fieldsV1) {
        List<FieldPath> out = new ArrayList<>();
        collect(fieldsV1, new ArrayList<>(), out);
        return out;
    }

    private static void collect(Map<String, Object> node, List<Segment> prefix, List<FieldPath> out) {
        for (var e : node.entrySet()) {
            String k = e.getKey();
            if (k.equals(".")) {
                continue;
            }
            List<Segment> path = new ArrayList<>(prefix);
            Load json = new Load(LoadSettings.builder().build());
            if (k.startsWith("f:")) {
                path.add(new Key(k.substring(2)));
            } else if (k.startsWith("k:")) {
                Map<String, Object> keys = Trees.map(json.loadFromString(k.substring(2)));
                path.add(new Where(keys == null ? Map.of() : keys));
            } else if (k.startsWith("v:")) {
                path.add(new Element(json.loadFromString(k.substring(2))));
            } else if (k.startsWith("i:")) {
                path.add(new Index(Integer.parseInt(k.substring(2))));
            } else {
                continue;
            }
            Map<String, Object> child = Trees.map(e.getValue());
            boolean leaf = child == null || child.isEmpty() || child.keySet().stream().allMatch("."::equals);
            if (leaf) {
                out.add(new FieldPath(path, k));
            } else {
                collect(child, path, out);
            }
        }
    }

    /** Removes the fields this path selects from {@code root}. */
    public void remove(Object root) {
        remove(root, 0);
    }

    private void remove(Object node, int at) {
        if (node == null || at >= segments.size()) {
            return;
        }
        Segment s = segments.get(at);
        boolean last = at == segments.size() - 1;
        Map<String, Object> m = Trees.map(node);
        List<Object> l = Trees.list(node);
        if (s instanceof Key k && m != null) {
            if (last) {
                m.remove(k.name());
            } else {
                remove(m.get(k.name()), at + 1);
            }
        } else if (l != null) {
            List<Integer> hits = matching(l, s);
            for (int i = hits.size() - 1; i >= 0; i--) {
                if (last) {
                    l.remove((int) hits.get(i));
                } else {
                    remove(l.get(hits.get(i)), at + 1);
                }
            }
        }
    }

    /** Sets each selected field of {@code target} to its value in {@code source}: removed where source has none. */
    public void copy(Map<String, Object> source, Map<String, Object> target) {
        remove(target);
        copy(source, target, 0);
    }

    private void copy(Object source, Object target, int at) {
        if (source == null || target == null || at >= segments.size()) {
            return;
        }
        Segment s = segments.get(at);
        boolean last = at == segments.size() - 1;
        Map<String, Object> sm = Trees.map(source);
        Map<String, Object> tm = Trees.map(target);
        if (s instanceof Key k && sm != null && tm != null) {
            if (last) {
                if (sm.containsKey(k.name())) {
                    tm.put(k.name(), Trees.copy(sm.get(k.name())));
                }
            } else {
                copy(sm.get(k.name()), tm.get(k.name()), at + 1);
            }
            return;
        }
        List<Object> sl = Trees.list(source);
        List<Object> tl = Trees.list(target);
        if (sl != null && tl != null && !last) {
            for (int i : matching(sl, s)) {
                Object counterpart = s instanceof Index idx ? (idx.index() < tl.size() ? tl.get(idx.index()) : null)
                        : counterpart(tl, sl.get(i), i, s);
                copy(sl.get(i), counterpart, at + 1);
            }
        }
    }

    private static Object counterpart(List<Object> target, Object sourceElement, int index, Segment s) {
        if (s instanceof Where w) {
            for (Object t : target) {
                Map<String, Object> tm = Trees.map(t);
                if (tm != null && w.values().entrySet().stream().allMatch(e -> Trees.same(tm.get(e.getKey()), e.getValue()))) {
                    return t;
                }
            }
            return null;
        }
        Map<String, Object> sm = Trees.map(sourceElement);
        if (sm != null && sm.get("name") != null) {
            for (Object t : target) {
                Map<String, Object> tm = Trees.map(t);
                if (tm != null && Objects.equals(tm.get("name"), sm.get("name"))) {
                    return t;
                }
            }
            return null;
        }
        return index < target.size() ? target.get(index) : null;
    }

    private static List<Integer> matching(List<Object> list, Segment s) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            boolean hit;
            if (s instanceof Index idx) {
                hit = idx.index() == i;
            } else if (s instanceof Where w) {
                Map<String, Object> m = Trees.map(e);
                hit = m != null && w.values().entrySet().stream().allMatch(c -> Trees.same(m.get(c.getKey()), c.getValue()));
            } else if (s instanceof Element el) {
                hit = Trees.same(e, el.value());
            } else {
                hit = s instanceof Each;
            }
            if (hit) {
                hits.add(i);
            }
        }
        return hits;
    }

    @Override
    public String toString() {
        return text;
    }
}
