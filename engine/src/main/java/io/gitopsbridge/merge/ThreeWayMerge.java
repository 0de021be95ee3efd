package io.gitopsbridge.merge;

import io.gitopsbridge.schema.MergeRules;
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
 * <p>As kubectl's three-way strategic merge, by the object's {@link MergeRules}: keyed lists merge item by item,
 * keeping items only the live object has; sets keep values only the live object has; other lists are atomic and take
 * Git's value (for a built-in kind, items of an unchanged length keep fields only the server sets); maps with
 * strategy {@code retainKeys} keep only the keys Git gives when Git changes them, and with {@code replace} are Git's.
 */
public final class ThreeWayMerge {
    /**
     * @param lastApplied what the previous apply sent, or {@code null}
     * @param desired the object from Git
     * @param live the object on the server
     * @return a new object; the arguments are not changed
     */
    public static Map<String, Object> threeWay(Map<String, Object> lastApplied, Map<String, Object> desired,
            Map<String, Object> live) {
        return threeWay(lastApplied, desired, live,
                MergeRules.builtin(String.valueOf(desired.get("apiVersion")), String.valueOf(desired.get("kind"))));
    }

    /** @param rules how the object's fields merge (from the cluster's schema) */
    public static Map<String, Object> threeWay(Map<String, Object> lastApplied, Map<String, Object> desired,
            Map<String, Object> live, MergeRules rules) {
        return new ThreeWayMerge(rules).mergeMap(lastApplied, desired, live, List.of());
    }

    private final MergeRules rules;

    private ThreeWayMerge(MergeRules rules) {
        this.rules = rules;
    }

    private static List<String> child(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return out;
    }

    private Map<String, Object> mergeMap(Map<String, Object> last, Map<String, Object> desired, Map<String, Object> live,
            List<String> path) {
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
            out.put(key, mergeValue(last == null ? null : last.get(key), e.getValue(), out.get(key), child(path, key)));
        }
        return out;
    }

    private Object mergeValue(Object last, Object desired, Object live, List<String> path) {
        Map<String, Object> d = Trees.map(desired);
        if (d != null && Trees.map(live) != null && !rules.replaces(path)) {
            Map<String, Object> merged = mergeMap(Trees.map(last), d, Trees.map(live), path);
            // kubectl sends $retainKeys only when the patch changes the map: an unchanged strategy keeps the keys the
            // server defaulted (rollingUpdate), a changed one (type: Recreate) keeps only Git's.
            if (rules.retainsKeys(path) && !Trees.same(merged, live)) {
                merged.keySet().retainAll(d.keySet());
            }
            return merged;
        }
        List<Object> dl = Trees.list(desired);
        List<Object> ll = Trees.list(live);
        if (dl != null && ll != null) {
            return mergeList(Trees.list(last), dl, ll, path);
        }
        return Trees.copy(desired);
    }

    private List<Object> mergeList(List<Object> last, List<Object> desired, List<Object> live, List<String> path) {
        List<String> keys = elementKeys(desired, path);
        if (keys != null) {
            List<Object> out = new ArrayList<>();
            for (Object d : desired) {
                out.add(mergeValue(find(last, keys, d), d, find(live, keys, d), path));
            }
            for (Object l : live) {
                boolean keyed = Trees.map(l) != null && keys.stream().allMatch(k -> Trees.map(l).get(k) != null);
                if (keyed && find(desired, keys, l) == null && find(last, keys, l) == null) {
                    out.add(Trees.copy(l));
                }
            }
            return out;
        }
        if (rules.strategic() && desired.size() == live.size() && desired.stream().allMatch(o -> o instanceof Map)
                && live.stream().allMatch(o -> o instanceof Map)) {
            // An atomic list of a built-in kind whose length is unchanged: its items keep the fields only the server
            // sets (a NetworkPolicy port's protocol, a Service port's nodePort), which gitops-engine reaches by
            // defaulting both sides before it diffs. A changed length takes Git's list, so an added item is drift.
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < desired.size(); i++) {
                Object l = last != null && last.size() == desired.size() ? last.get(i) : null;
                out.add(mergeValue(l, desired.get(i), live.get(i), path));
            }
            return out;
        }
        if (rules.list(path).kind() == MergeRules.ListKind.SET) {
            List<Object> out = new ArrayList<>(Trees.copy(desired));
            for (Object l : live) {
                boolean dropped = last != null && last.stream().anyMatch(x -> Trees.same(x, l));
                if (!dropped && out.stream().noneMatch(x -> Trees.same(x, l))) {
                    out.add(Trees.copy(l));
                }
            }
            return out;
        }
        return Trees.copy(desired);
    }

    /** The item keys of a keyed list, when every desired item has them with distinct values; {@code null} otherwise. */
    private List<String> elementKeys(List<Object> desired, List<String> path) {
        MergeRules.ListRule rule = rules.list(path);
        if (rule.kind() != MergeRules.ListKind.KEYED || desired.isEmpty() || !desired.stream().allMatch(o -> o instanceof Map)) {
            return null;
        }
        List<String> keys = rule.keys();
        boolean complete = desired.stream().allMatch(o -> keys.stream().allMatch(k -> Trees.map(o).get(k) != null));
        long distinct = desired.stream().map(o -> keys.stream().map(k -> String.valueOf(Trees.map(o).get(k))).toList())
                .distinct().count();
        // Items that repeat a key (two ports 53, TCP and UDP, under kubectl's single merge key) cannot be told apart:
        // the list is taken whole rather than merged into the wrong item.
        return complete && distinct == desired.size() ? keys : null;
    }

    /** The item of {@code list} whose {@code keys} have the values {@code like}'s have. */
    private static Object find(List<Object> list, List<String> keys, Object like) {
        Map<String, Object> target = Trees.map(like);
        if (list == null || target == null) {
            return null;
        }
        for (Object o : list) {
            Map<String, Object> m = Trees.map(o);
            if (m != null && keys.stream().allMatch(k -> m.get(k) != null && Trees.same(m.get(k), target.get(k)))) {
                return o;
            }
        }
        return null;
    }
}
