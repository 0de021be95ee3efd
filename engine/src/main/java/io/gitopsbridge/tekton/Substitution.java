package io.gitopsbridge.tekton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of Tekton variable substitution ({@code pkg/substitution}): a set of {@code $(key)} texts and what each
 * becomes. A pass replaces exact {@code $(key)} texts anywhere in a string, left to right, without rescanning what
 * it inserted (Go's {@code strings.Replacer}); text that names no key is left as it is, whatever it looks like. Later
 * passes do see what earlier ones inserted, which is how a param default holding {@code $(workspaces.x.path)}
 * reaches its value.
 */
public final class Substitution {
    private final Map<String, String> strings;
    private final Map<String, List<String>> arrays;
    private final Map<String, Map<String, String>> objects;

    private Substitution(Map<String, String> strings, Map<String, List<String>> arrays,
            Map<String, Map<String, String>> objects) {
        this.strings = Map.copyOf(strings);
        this.arrays = Map.copyOf(arrays);
        this.objects = Map.copyOf(objects);
    }

    /** A pass of plain keys ({@code context.taskRun.name}, {@code results.out.path} …). */
    public static Substitution of(Map<String, String> strings) {
        return new Substitution(strings, Map.of(), Map.of());
    }

    /**
     * The params pass ({@code ApplyParameters}): {@code params.x}, {@code params["x"]}, {@code params['x']} (and the
     * v1beta1 alias {@code inputs.params.x}, which Tekton still substitutes); array elements as {@code params.x[i]}
     * and the whole array for an element that is exactly {@code $(params.x)} or {@code $(params.x[*])}; object
     * values as {@code params.x.key}.
     */
    public static Substitution params(Map<String, ParamValue> values) {
        return values("params", values).and(values("inputs.params", values));
    }

    /**
     * Keys for named values under a prefix: {@code prefix.name}, {@code prefix["name"]}, {@code prefix['name']};
     * array elements as {@code [i]} and the whole array; object values as {@code prefix.name.key} and the whole
     * object.
     */
    public static Substitution values(String prefix, Map<String, ParamValue> values) {
        Map<String, String> strings = new LinkedHashMap<>();
        Map<String, List<String>> arrays = new LinkedHashMap<>();
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            List<String> keys = prefix.equals("inputs.params") ? List.of(prefix + "." + name) : keys(prefix, name);
            for (String key : keys) {
                if (value instanceof ParamValue.Text t) {
                    strings.put(key, t.value());
                } else if (value instanceof ParamValue.Array a) {
                    arrays.put(key, a.values());
                    for (int i = 0; i < a.values().size(); i++) {
                        strings.put(key + "[" + i + "]", a.values().get(i));
                    }
                } else if (value instanceof ParamValue.Object o) {
                    objects.put(key, o.values());
                    if (key.equals(keys.get(0))) {
                        // Tekton's objectIndividualVariablePattern is the dotted form only: prefix.name.key
                        o.values().forEach((k, v) -> strings.put(key + "." + k, v));
                    }
                }
            }
        });
        return new Substitution(strings, arrays, objects);
    }

    /** The three spellings Tekton accepts for a name under a prefix: {@code p.n}, {@code p["n"]}, {@code p['n']}. */
    public static List<String> keys(String prefix, String name) {
        return List.of(prefix + "." + name, prefix + "[\"" + name + "\"]", prefix + "['" + name + "']");
    }

    /** Both passes' keys as one pass; {@code other}'s win. */
    public Substitution and(Substitution other) {
        Map<String, String> s = new LinkedHashMap<>(strings);
        s.putAll(other.strings);
        Map<String, List<String>> a = new LinkedHashMap<>(arrays);
        a.putAll(other.arrays);
        Map<String, Map<String, String>> o = new LinkedHashMap<>(objects);
        o.putAll(other.objects);
        return new Substitution(s, a, o);
    }

    /**
     * The value a text that is exactly one whole-array or whole-object reference ({@code $(x)} or {@code $(x[*])})
     * stands for, as a param value takes it ({@code applyOrCorrect}); {@code null} otherwise.
     */
    public ParamValue whole(String in) {
        if (in == null || !in.startsWith("$(") || !in.endsWith(")")) {
            return null;
        }
        String key = in.substring(2, in.length() - 1);
        key = key.endsWith("[*]") ? key.substring(0, key.length() - 3) : key;
        if (arrays.containsKey(key)) {
            return new ParamValue.Array(arrays.get(key));
        }
        return objects.containsKey(key) ? new ParamValue.Object(objects.get(key)) : null;
    }

    /** This pass, with some keys left out (a pipeline task's own params shadow the Pipeline's). */
    public Substitution without(java.util.Collection<String> paramNames) {
        Map<String, String> s = new LinkedHashMap<>(strings);
        Map<String, List<String>> a = new LinkedHashMap<>(arrays);
        Map<String, Map<String, String>> o = new LinkedHashMap<>(objects);
        for (String name : paramNames) {
            for (String prefix : keys("params", name)) {
                s.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "[") || k.startsWith(prefix + "."));
                a.remove(prefix);
                o.remove(prefix);
            }
        }
        return new Substitution(s, a, o);
    }

    /** Replaces every {@code $(key)} of this pass in {@code in}; {@code null} stays {@code null}. */
    public String apply(String in) {
        if (in == null || strings.isEmpty() || !in.contains("$(")) {
            return in;
        }
        StringBuilder out = new StringBuilder(in.length());
        int i = 0;
        while (i < in.length()) {
            int open = in.indexOf("$(", i);
            if (open < 0) {
                break;
            }
            // Keys never contain ')', so the first ')' after "$(" is the only place a key can end.
            int close = in.indexOf(')', open + 2);
            if (close < 0) {
                break;
            }
            String value = strings.get(in.substring(open + 2, close));
            if (value != null) {
                out.append(in, i, open).append(value);
                i = close + 1;
            } else {
                out.append(in, i, open + 1);
                i = open + 1;
            }
        }
        return out.append(in, i, in.length()).toString();
    }

    /**
     * {@code ApplyArrayReplacements}: an element that is exactly {@code $(array)} or {@code $(array[*])} becomes the
     * array's elements (none for an empty array), anything else one substituted element.
     */
    public List<String> applyArray(String in) {
        if (whole(in) instanceof ParamValue.Array a) {
            return a.values();
        }
        return java.util.Collections.singletonList(apply(in));
    }

    /** Each element through {@link #applyArray}. */
    public List<String> applyAll(List<String> in) {
        List<String> out = new java.util.ArrayList<>();
        in.forEach(s -> out.addAll(applyArray(s)));
        return out;
    }
}
