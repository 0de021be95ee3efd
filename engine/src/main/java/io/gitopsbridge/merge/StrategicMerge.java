package io.gitopsbridge.merge;

import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A strategic merge patch applied to an object held as plain maps and lists, with the directives of the Kubernetes
 * spec: {@code null} deletes a field, {@code $patch: replace|delete|merge} on maps and list items,
 * {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>} and {@code $retainKeys}.
 */
public final class StrategicMerge {
    /** Which lists merge item by item, and by which key. */
    public interface Keys {
        /** The merge key of the list at {@code path}, or null when a patch replaces it whole. */
        String key(List<String> path);

        /** Whether the scalar list at {@code path} merges (adds values). */
        boolean mergesScalars(List<String> path);

        /** Whether the result follows the patch's order, the list's other items after (kustomize), or the list's. */
        boolean patchOrder();
    }

    /** A patch that cannot be applied. */
    public static final class PatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PatchException(String message) {
            super(message);
        }
    }

    private StrategicMerge() {}

    /**
     * Keys from an object's merge rules: SMP merges a list by one key, the first of a keyed list's. Maps always merge
     * unless a patch says {@code $patch: replace}: kustomize (kyaml's merge) does not read a schema's {@code replace}
     * or {@code retainKeys} strategy. {@code kustomize} patches order merged lists by the patch.
     */
    public static Keys keys(MergeRules rules, boolean kustomize) {
        return new Keys() {
            @Override
            public String key(List<String> path) {
                MergeRules.ListRule rule = rules.list(path);
                return rule.kind() == MergeRules.ListKind.KEYED ? rule.keys().get(0) : null;
            }

            @Override
            public boolean mergesScalars(List<String> path) {
                return rules.list(path).kind() == MergeRules.ListKind.SET;
            }

            @Override
            public boolean patchOrder() {
                return kustomize;
            }
        };
    }

    /**
     * Applies {@code patch} to {@code target} in place.
     *
     * @return false when the patch deletes the whole object ({@code $patch: delete} at its root)
     * @throws PatchException for a directive that cannot apply
     */
    public static boolean apply(Map<String, Object> target, Map<String, Object> patch, Keys keys) {
        if ("delete".equals(patch.get("$patch"))) {
            target.clear();
            return false;
        }
        mergeMap(target, patch, keys, new ArrayList<>());
        return true;
    }

    private static void mergeMap(Map<String, Object> target, Map<String, Object> patch, Keys keys, List<String> path) {
        Object directive = patch.get("$patch");
        if ("replace".equals(directive)) {
            target.clear();
            patch.forEach((k, v) -> {
                if (!k.startsWith("$")) {
                    target.put(k, clean(Trees.copy(v)));
                }
            });
            return;
        }
        if (directive != null && !"merge".equals(directive) && !"delete".equals(directive)) {
            throw new PatchException("unknown $patch directive '" + directive + "' at " + where(path));
        }
        Object retain = patch.get("$retainKeys");
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                continue;
            }
            Object value = e.getValue();
            List<String> childPath = child(path, key);
            if (value == null) {
                target.remove(key);
                continue;
            }
            Object current = target.get(key);
            Map<String, Object> patchMap = Trees.map(value);
            List<Object> patchList = Trees.list(value);
            if (patchMap != null) {
                if ("delete".equals(patchMap.get("$patch"))) {
                    target.remove(key);
                } else if (Trees.map(current) != null) {
                    mergeMap(Trees.map(current), patchMap, keys, childPath);
                } else {
                    target.put(key, clean(Trees.copy(patchMap)));
                }
            } else if (patchList != null) {
                target.put(key, mergeList(Trees.list(current), patchList, keys, childPath));
            } else {
                target.put(key, value);
            }
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                List<Object> list = Trees.list(target.get(field));
                List<Object> remove = Trees.list(e.getValue());
                if (list != null && remove != null) {
                    list.removeIf(v -> remove.stream().anyMatch(r -> Trees.same(r, v)));
                }
            } else if (key.startsWith("$setElementOrder/")) {
                String field = key.substring("$setElementOrder/".length());
                List<Object> list = Trees.list(target.get(field));
                List<Object> order = Trees.list(e.getValue());
                if (list != null && order != null) {
                    reorder(list, order, keys, child(path, field));
                }
            }
        }
        if (retain instanceof List<?> keep) {
            target.keySet().removeIf(k -> keep.stream().noneMatch(r -> Objects.equals(String.valueOf(r), k)));
        }
    }

    private static List<Object> mergeList(List<Object> current, List<Object> patch, Keys keys, List<String> path) {
        boolean replace = patch.stream().anyMatch(i -> Trees.map(i) != null && "replace".equals(Trees.map(i).get("$patch"))
                && Trees.map(i).size() == 1);
        if (replace) {
            List<Object> out = new ArrayList<>();
            for (Object i : patch) {
                Map<String, Object> m = Trees.map(i);
                if (!(m != null && m.size() == 1 && m.containsKey("$patch"))) {
                    out.add(clean(Trees.copy(i)));
                }
            }
            return out;
        }
        if (current == null) {
            return cleanList(patch);
        }
        boolean scalars = patch.stream().allMatch(i -> Trees.map(i) == null && Trees.list(i) == null);
        if (scalars) {
            if (!keys.mergesScalars(path)) {
                return new ArrayList<>(patch);
            }
            List<Object> out = new ArrayList<>(current);
            for (Object v : patch) {
                if (out.stream().noneMatch(c -> Trees.same(c, v))) {
                    out.add(v);
                }
            }
            return out;
        }
        String key = keys.key(path);
        if (key == null) {
            return cleanList(patch);
        }
        List<Object> out = new ArrayList<>(current);
        // kustomize orders the result by the patch: its items (merged or new) first, then the list's others.
        List<Object> patchOrder = new ArrayList<>();
        for (Object item : patch) {
            Map<String, Object> p = Trees.map(item);
            if (p == null) {
                throw new PatchException("an item of " + where(path) + " is not a map; its items merge by " + key);
            }
            Object keyValue = p.get(key);
            Map<String, Object> existing = null;
            for (Object t : out) {
                Map<String, Object> tm = Trees.map(t);
                if (tm != null && keyValue != null && Trees.same(keyValue, tm.get(key))) {
                    existing = tm;
                    break;
                }
            }
            if ("delete".equals(p.get("$patch"))) {
                if (existing != null) {
                    out.remove(existing);
                }
            } else if (existing != null) {
                mergeMap(existing, p, keys, path);
                patchOrder.add(existing);
            } else {
                Object added = clean(Trees.copy(p));
                out.add(added);
                patchOrder.add(added);
            }
        }
        if (keys.patchOrder()) {
            List<Object> ordered = new ArrayList<>(patchOrder);
            for (Object item : out) {
                if (patchOrder.stream().noneMatch(o -> o == item)) {
                    ordered.add(item);
                }
            }
            return ordered;
        }
        return out;
    }

    private static void reorder(List<Object> list, List<Object> order, Keys keys, List<String> path) {
        String key = keys.key(path);
        List<Object> sorted = new ArrayList<>();
        for (Object o : order) {
            Object wanted = key == null ? o : (Trees.map(o) == null ? null : Trees.map(o).get(key));
            for (Object item : list) {
                Object have = key == null ? item : (Trees.map(item) == null ? null : Trees.map(item).get(key));
                if (!sorted.contains(item) && Trees.same(wanted, have)) {
                    sorted.add(item);
                }
            }
        }
        for (Object item : list) {
            if (!sorted.contains(item)) {
                sorted.add(item);
            }
        }
        list.clear();
        list.addAll(sorted);
    }

    private static List<Object> cleanList(List<Object> patch) {
        List<Object> out = new ArrayList<>();
        for (Object i : patch) {
            Map<String, Object> m = Trees.map(i);
            if (m != null && "delete".equals(m.get("$patch"))) {
                continue;
            }
            out.add(clean(Trees.copy(i)));
        }
        return out;
    }

    /** A patch value added as it is, without its directives. */
    private static Object clean(Object value) {
        Map<String, Object> m = Trees.map(value);
        if (m != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!k.startsWith("$") && v != null) {
                    out.put(k, clean(v));
                }
            });
            return out;
        }
        List<Object> l = Trees.list(value);
        if (l != null) {
            return cleanList(l);
        }
        return value;
    }

    private static List<String> child(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return out;
    }

    private static String where(List<String> path) {
        return path.isEmpty() ? "the object" : String.join(".", path);
    }
}
