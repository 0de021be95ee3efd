package io.gitopsbridge.kube;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 6902 patches between two objects: what turns {@code from} into {@code to}. */
public final class JsonPatches {
    private JsonPatches() {}

    /**
     * The operations, empty when the objects are equal. Maps are patched key by key; a list that changed is replaced
     * as a whole, which keeps the patch valid whatever else changed the list meanwhile.
     */
    public static List<Map<String, Object>> diff(Map<String, Object> from, Map<String, Object> to) {
        List<Map<String, Object>> ops = new ArrayList<>();
        diff("", from, to, ops);
        return ops;
    }

    private static void diff(String pointer, Map<String, Object> from, Map<String, Object> to, List<Map<String, Object>> ops) {
        for (String key : from.keySet()) {
            if (!to.containsKey(key)) {
                ops.add(op("remove", pointer + "/" + escape(key), null));
            }
        }
        for (var e : to.entrySet()) {
            String path = pointer + "/" + escape(e.getKey());
            if (!from.containsKey(e.getKey())) {
                ops.add(op("add", path, e.getValue()));
                continue;
            }
            Object before = from.get(e.getKey());
            Map<String, Object> bm = Trees.map(before);
            Map<String, Object> am = Trees.map(e.getValue());
            if (bm != null && am != null) {
                diff(path, bm, am, ops);
            } else if (!Trees.same(before, e.getValue())) {
                ops.add(op("replace", path, e.getValue()));
            }
        }
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        if (!op.equals("remove")) {
            m.put("value", value);
        }
        return m;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
