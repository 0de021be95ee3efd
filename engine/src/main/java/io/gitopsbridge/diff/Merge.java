package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object a client-side apply would leave on the server: the live object, with every field Git sets taken from Git
 * and every field the last apply set but Git no longer does removed. Fields only the server or other writers set
 * (defaults such as a Service's {@code clusterIP}, an injected sidecar) are kept, so they never show as a difference.
 *
 * <p>Lists of objects merge element by element when the elements carry a key, as Kubernetes' strategic merge does
 * for containers, volumes, env, ports and mounts; otherwise equal-length lists of objects merge by position and
 * anything else is replaced.
 */
public final class Merge {
    /** Keys that identify list elements, in the order tried. */
    private static final List<String> ELEMENT_KEYS = List.of("name", "mountPath", "containerPort", "port", "ip", "topologyKey",
            "devicePath", "type");

    private Merge() {}

    /**
     * @param lastApplied what the previous apply sent, or {@code null}
     * @param desired the object from Git
     * @param live the object on the server
     * @return a new object; the arguments are not changed
     */
    public static Map<String, Object> threeWay(Map<String, Object> lastApplied, Map<String, Object> desired,
            Map<String, Object> live) {
        return mergeMap(lastApplied, desired, live);
    }

    private static Map<String, Object> mergeMap(Map<String, Object> last, Map<String, Object> desired, Map<String, Object> live) {
        Map<String, Object> out = live == null ? new LinkedHashMap<>() : Trees.copy(live);
        if (last != null) {
            for (String key : last.keySet()) {
                if (!desired.containsKey(key)) {
                    out.remove(key);
                }
            }
        }
        for (var e : desired.entrySet()) {
            String key = e.getKey();
            out.put(key, mergeValue(last == null ? null : last.get(key), e.getValue(), out.get(key)));
        }
        return out;
    }

    private static Object mergeValue(Object last, Object desired, Object live) {
        Map<String, Object> d = Trees.map(desired);
        if (d != null && Trees.map(live) != null) {
            return mergeMap(Trees.map(last), d, Trees.map(live));
        }
        List<Object> dl = Trees.list(desired);
        List<Object> ll = Trees.list(live);
        if (dl != null && ll != null) {
            return mergeList(Trees.list(last), dl, ll);
        }
        return Trees.copy(desired);
    }

    private static List<Object> mergeList(List<Object> last, List<Object> desired, List<Object> live) {
        String key = elementKey(desired);
        if (key != null) {
            List<Object> out = new ArrayList<>();
            for (Object d : desired) {
                Object id = Trees.map(d).get(key);
                out.add(mergeValue(find(last, key, id), d, find(live, key, id)));
            }
            for (Object l : live) {
                Map<String, Object> lm = Trees.map(l);
                Object id = lm == null ? null : lm.get(key);
                boolean wanted = find(desired, key, id) != null;
                boolean appliedBefore = find(last, key, id) != null;
                if (id != null && !wanted && !appliedBefore) {
                    out.add(Trees.copy(l));
                }
            }
            return out;
        }
        if (desired.size() == live.size() && desired.stream().allMatch(o -> o instanceof Map)
                && live.stream().allMatch(o -> o instanceof Map)) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < desired.size(); i++) {
                Object l = last != null && last.size() == desired.size() ? last.get(i) : null;
                out.add(mergeValue(l, desired.get(i), live.get(i)));
            }
            return out;
        }
        return Trees.copy(desired);
    }

    /** The key every element has, with distinct values; {@code null} when there is none. */
    private static String elementKey(List<Object> desired) {
        if (desired.isEmpty() || !desired.stream().allMatch(o -> o instanceof Map)) {
            return null;
        }
        for (String key : ELEMENT_KEYS) {
            if (desired.stream().allMatch(o -> Trees.map(o).get(key) != null)
                    && desired.stream().map(o -> String.valueOf(Trees.map(o).get(key))).distinct().count() == desired.size()) {
                return key;
            }
        }
        return null;
    }

    private static Object find(List<Object> list, String key, Object id) {
        if (list == null || id == null) {
            return null;
        }
        for (Object o : list) {
            Map<String, Object> m = Trees.map(o);
            if (m != null && Trees.same(m.get(key), id)) {
                return o;
            }
        }
        return null;
    }
}
