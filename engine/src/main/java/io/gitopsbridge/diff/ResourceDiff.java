package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The comparison of one object.
 *
 * @param modified whether applying the desired object would change the live one (ignored fields left out)
 * @param predictedLive the live object as the apply would leave it, normalized, or {@code null} when nothing is desired
 * @param normalizedLive the live object normalized, or {@code null} when there is none
 * @param name how to name the object in the diff header, such as {@code apps/Deployment shop/web}
 */
public record ResourceDiff(boolean modified, Map<String, Object> predictedLive, Map<String, Object> normalizedLive,
        String name) {
    private static final String SAME = "++++++++";
    private static final String BEFORE = "--------";
    private static final String AFTER = "+++++++++++";

    /**
     * A unified diff from live to desired, for people; empty when not modified. Secret values never appear: each
     * is shown as a mask, a different mask on each side when it changes.
     */
    public String unified() {
        if (!modified) {
            return "";
        }
        Map<String, Object> before = normalizedLive == null ? null : Trees.copy(normalizedLive);
        Map<String, Object> after = predictedLive == null ? null : Trees.copy(predictedLive);
        if (isSecret(before) || isSecret(after)) {
            mask(before, after);
        }
        return UnifiedDiff.of("live " + name, before == null ? "" : Trees.yaml(before), "desired " + name,
                after == null ? "" : Trees.yaml(after));
    }

    private static boolean isSecret(Map<String, Object> o) {
        return o != null && "Secret".equals(o.get("kind")) && "v1".equals(o.get("apiVersion"));
    }

    private static void mask(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> b = before == null ? new LinkedHashMap<>() : data(before);
        Map<String, Object> a = after == null ? new LinkedHashMap<>() : data(after);
        Map<String, Object> originalBefore = new LinkedHashMap<>(b);
        for (var e : b.entrySet()) {
            e.setValue(Trees.same(e.getValue(), a.get(e.getKey())) ? SAME : BEFORE);
        }
        for (var e : a.entrySet()) {
            e.setValue(Trees.same(e.getValue(), originalBefore.get(e.getKey())) ? SAME : AFTER);
        }
    }

    private static Map<String, Object> data(Map<String, Object> secret) {
        Map<String, Object> data = Trees.map(secret.get("data"));
        return data == null ? new LinkedHashMap<>() : data;
    }
}
