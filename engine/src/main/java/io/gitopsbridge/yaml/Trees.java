package io.gitopsbridge.yaml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Objects held as plain trees (nested maps, lists and scalars): copies, comparison, YAML text. */
public final class Trees {
    /** Strings that YAML 1.1 readers (kubectl, Argo CD) would take for another type ({@code True}, {@code 0644}) are quoted. */
    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
            .setIndicatorIndent(0).setWidth(Integer.MAX_VALUE).setSchema(KubeYaml.schema()).build());

    private Trees() {}

    /** A deep copy with mutable maps (in key order) and lists, so transformations never share structure. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    /** Equality that takes {@code 1}, {@code 1L} and {@code 1.0} as the same number. */
    public static boolean same(Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (var e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !same(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            if (!Double.isFinite(na.doubleValue()) || !Double.isFinite(nb.doubleValue())) {
                return Double.compare(na.doubleValue(), nb.doubleValue()) == 0;
            }
            return new BigDecimal(na.toString()).compareTo(new BigDecimal(nb.toString())) == 0;
        }
        return java.util.Objects.equals(a, b);
    }

    /** A deep copy with every map's keys sorted, as {@code kustomize build} prints objects. */
    public static Object sorted(Object o) {
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
            return copy;
        }
        if (o instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(sorted(v)));
            return copy;
        }
        return o;
    }

    /** Block YAML with keys sorted. */
    public static String yaml(Object o) {
        return DUMP.dumpToString(sorted(o));
    }

    /** The value as a map, or {@code null} when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The map at {@code path} below {@code root}, created (with every map on the way) when missing. */
    public static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
        Map<String, Object> current = root;
        for (String key : path) {
            Map<String, Object> next = map(current.get(key));
            if (next == null) {
                next = new LinkedHashMap<>();
                current.put(key, next);
            }
            current = next;
        }
        return current;
    }

    /** The value as a list, or {@code null} when it is not one. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : null;
    }
}
