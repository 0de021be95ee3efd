package io.gitopsbridge.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One node of a YAML document with its location. Values are {@code Map<String, YamlNode>}, {@code List<YamlNode>},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}. Accessors that expect a shape
 * throw {@link YamlException} naming the file, path and line when the document has another.
 */
public final class YamlNode {
    private final String file;
    private final String path;
    private final int line;
    private final Object value;
    private final boolean block;

    YamlNode(String file, String path, int line, Object value) {
        this(file, path, line, value, false);
    }

    YamlNode(String file, String path, int line, Object value, boolean block) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.value = value;
        this.block = block;
    }

    /**
     * The line that holds character {@code offset} of this scalar's text: a block scalar ({@code |}, {@code >})
     * starts on the line after its indicator.
     */
    public int lineOf(int offset) {
        if (!(value instanceof String text) || line == 0) {
            return line;
        }
        long newlines = text.substring(0, Math.min(offset, text.length())).chars().filter(c -> c == '\n').count();
        return line + (block ? 1 : 0) + (int) newlines;
    }

    /** An error about part of this scalar, located at the line that holds {@code offset}. */
    public YamlException errorAt(int offset, String problem) {
        return new YamlException(file, path, lineOf(offset), problem);
    }

    /** A node made in code, for defaults. */
    public static YamlNode synthetic(String file, String path, Object value) {
        return new YamlNode(file, path, 0, value);
    }

    /**
     * A tree made from plain values (maps, lists, scalars), such as an object read from a cluster: errors name the
     * path but no line.
     */
    @SuppressWarnings("unchecked")
    public static YamlNode of(String file, Object plain) {
        return of(file, "", plain);
    }

    @SuppressWarnings("unchecked")
    private static YamlNode of(String file, String path, Object plain) {
        YamlNode self = new YamlNode(file, path, 0, null);
        if (plain instanceof Map<?, ?> m) {
            Map<String, YamlNode> children = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> children.put(k, of(file, self.childPath(k), v)));
            return new YamlNode(file, path, 0, children);
        }
        if (plain instanceof List<?> l) {
            List<YamlNode> children = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                children.add(of(file, path + "[" + i + "]", l.get(i)));
            }
            return new YamlNode(file, path, 0, children);
        }
        return new YamlNode(file, path, 0, plain instanceof Integer i ? Long.valueOf(i) : plain);
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    /** The raw value (see the class comment). */
    public Object value() {
        return value;
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    public boolean isScalar() {
        return value != null && !isMap() && !isList();
    }

    /** An error about this node. */
    public YamlException error(String problem) {
        return new YamlException(file, path, line, problem);
    }

    @SuppressWarnings("unchecked")
    public Map<String, YamlNode> map() {
        if (!isMap()) {
            throw error("expected a mapping, found " + describe());
        }
        return (Map<String, YamlNode>) value;
    }

    @SuppressWarnings("unchecked")
    public List<YamlNode> list() {
        if (!isList()) {
            throw error("expected a list, found " + describe());
        }
        return (List<YamlNode>) value;
    }

    /** A scalar as text: strings as they are, numbers and booleans as YAML wrote them. */
    public String string() {
        if (!isScalar()) {
            throw error("expected a string, found " + describe());
        }
        return value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                ? String.valueOf(d.longValue())
                : String.valueOf(value);
    }

    public boolean bool() {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error("expected true or false, found " + describe());
    }

    public long number() {
        if (value instanceof Long l) {
            return l;
        }
        throw error("expected a whole number, found " + describe());
    }

    /** The child {@code key} of a mapping; a null node (with its would-be path) when absent. */
    public YamlNode get(String key) {
        YamlNode child = map().get(key);
        return child != null ? child : new YamlNode(file, childPath(key), line, null);
    }

    /** The child, required to be present and not null. */
    public YamlNode required(String key) {
        YamlNode child = get(key);
        if (child.isNull()) {
            throw error("'" + key + "' is required");
        }
        return child;
    }

    public Optional<String> optString(String key) {
        YamlNode child = get(key);
        return child.isNull() ? Optional.empty() : Optional.of(child.string());
    }

    /** The elements of list {@code key}, or an empty list when absent. */
    public List<YamlNode> optList(String key) {
        YamlNode child = get(key);
        return child.isNull() ? List.of() : child.list();
    }

    /** A list of strings under {@code key}, or an empty list when absent. */
    public List<String> strings(String key) {
        return optList(key).stream().map(YamlNode::string).toList();
    }

    /** Rejects keys outside {@code allowed}, naming the first unknown one. */
    public YamlNode onlyKeys(Set<String> allowed, String what) {
        for (var e : map().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown field '" + e.getKey() + "' in " + what
                        + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    /** This subtree as plain Java values (maps, lists, scalars), for binding to Kubernetes model classes. */
    public Object plain() {
        if (isMap()) {
            Map<String, Object> out = new LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (isList()) {
            List<Object> out = new ArrayList<>();
            list().forEach(v -> out.add(v.plain()));
            return out;
        }
        return value;
    }

    /** Maps each element of a list with its node, keeping order. */
    public <T> List<T> mapList(Function<YamlNode, T> f) {
        List<T> out = new ArrayList<>();
        for (YamlNode n : list()) {
            out.add(f.apply(n));
        }
        return Collections.unmodifiableList(out);
    }

    String childPath(String key) {
        String k = key.matches("[A-Za-z0-9_-]+") ? key : "[\"" + key + "\"]";
        return path.isEmpty() ? k : (k.startsWith("[") ? path + k : path + "." + k);
    }

    private String describe() {
        if (value == null) {
            return "nothing";
        }
        if (isMap()) {
            return "a mapping";
        }
        if (isList()) {
            return "a list";
        }
        return value instanceof String ? "'" + value + "'" : value.toString();
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + path + " = " + value;
    }
}
