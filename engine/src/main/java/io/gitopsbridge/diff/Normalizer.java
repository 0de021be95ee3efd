package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes out what is not part of an object's desired state before comparing: {@code status}, the metadata the server
 * keeps, the last-applied record; writes Secret {@code stringData} as {@code data}; drops nulls and empty maps and
 * lists (the API server omits them); and writes resource quantities in one form, so {@code 1000m} equals {@code 1} and
 * {@code 3072Mi} equals {@code 3Gi}.
 */
public final class Normalizer {
    /** Where client-side apply records what it sent, as kubectl does. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final Set<String> SERVER_METADATA = Set.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");
    /** Maps whose values are quantities: resource limits and requests, quota and capacity. */
    private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests", "hard", "capacity", "allocatable");
    private static final Pattern QUANTITY = Pattern.compile("([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private Normalizer() {}

    /** A normalized copy. */
    public static Map<String, Object> normalize(Map<String, Object> object) {
        Map<String, Object> out = Trees.copy(object);
        out.remove("status");
        Map<String, Object> metadata = Trees.map(out.get("metadata"));
        if (metadata != null) {
            SERVER_METADATA.forEach(metadata::remove);
            Map<String, Object> annotations = Trees.map(metadata.get("annotations"));
            if (annotations != null) {
                annotations.remove(LAST_APPLIED);
            }
        }
        if ("Secret".equals(out.get("kind")) && "v1".equals(out.get("apiVersion"))) {
            Map<String, Object> stringData = Trees.map(out.remove("stringData"));
            if (stringData != null) {
                Map<String, Object> data = Trees.map(out.get("data"));
                if (data == null) {
                    data = new java.util.LinkedHashMap<>();
                    out.put("data", data);
                }
                for (var e : stringData.entrySet()) {
                    data.put(e.getKey(), Base64.getEncoder().encodeToString(String.valueOf(e.getValue())
                            .getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        clean(out, null);
        return out;
    }

    /** Removes nulls and empty containers; canonicalizes quantities. Returns whether {@code value} is now empty. */
    private static boolean clean(Object value, String key) {
        Map<String, Object> m = Trees.map(value);
        if (m != null) {
            Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                if (e.getValue() == null || clean(e.getValue(), e.getKey())) {
                    it.remove();
                } else if (key != null && QUANTITY_MAPS.contains(key) && !(e.getValue() instanceof Map)
                        && !(e.getValue() instanceof List)) {
                    e.setValue(quantity(e.getValue()));
                }
            }
            return m.isEmpty();
        }
        List<Object> l = Trees.list(value);
        if (l != null) {
            for (Object o : l) {
                clean(o, null);
            }
            return l.isEmpty();
        }
        return false;
    }

    /** A quantity in canonical form, or the value as it was when it is not one. */
    static Object quantity(Object value) {
        Matcher m = QUANTITY.matcher(String.valueOf(value).trim());
        if (!m.matches()) {
            return value;
        }
        try {
            BigDecimal n = new BigDecimal(m.group(1));
            String suffix = m.group(2) == null ? "" : m.group(2);
            BigDecimal factor = switch (suffix) {
                case "m" -> new BigDecimal("0.001");
                case "k" -> BigDecimal.TEN.pow(3);
                case "M" -> BigDecimal.TEN.pow(6);
                case "G" -> BigDecimal.TEN.pow(9);
                case "T" -> BigDecimal.TEN.pow(12);
                case "P" -> BigDecimal.TEN.pow(15);
                case "E" -> BigDecimal.TEN.pow(18);
                case "Ki" -> BigDecimal.valueOf(2).pow(10);
                case "Mi" -> BigDecimal.valueOf(2).pow(20);
                case "Gi" -> BigDecimal.valueOf(2).pow(30);
                case "Ti" -> BigDecimal.valueOf(2).pow(40);
                case "Pi" -> BigDecimal.valueOf(2).pow(50);
                case "Ei" -> BigDecimal.valueOf(2).pow(60);
                default -> BigDecimal.ONE;
            };
            return n.multiply(factor).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
