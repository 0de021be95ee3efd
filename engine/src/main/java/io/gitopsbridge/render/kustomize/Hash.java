package io.gitopsbridge.render.kustomize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kustomize's name suffix for generated ConfigMaps and Secrets: the first ten hex digits of a SHA-256 over kind, an
 * empty name and data (Secrets also type and stringData, ConfigMaps binaryData) as Go's encoding/json writes them, with the
 * letters kubectl uses so that the suffix never reads as a number or a word.
 */
final class Hash {
    private Hash() {}

    static String of(Map<String, Object> object) {
        String kind = String.valueOf(object.get("kind"));
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("kind", kind);
        // kustomize 5 looks the name up as a single field called "metadata/name", finds none and hashes "": only the
        // content counts (kustomize 3 and its documentation's examples hashed the name too).
        encoded.put("name", "");
        encoded.put("data", orEmpty(object.get("data")));
        if (kind.equals("Secret")) {
            encoded.put("type", orEmpty(object.get("type")));
            if (object.get("stringData") instanceof Map<?, ?>) {
                encoded.put("stringData", object.get("stringData"));
            }
        } else if (object.get("binaryData") instanceof Map<?, ?>) {
            encoded.put("binaryData", object.get("binaryData"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(goJson(encoded).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString().replace('0', 'g').replace('1', 'h').replace('3', 'k').replace('a', 'm').replace('e', 't');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object orEmpty(Object o) {
        return o == null ? "" : o;
    }

    /** JSON as Go's encoding/json writes it: sorted keys, no spaces, HTML characters escaped. */
    static String goJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(map).forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(goJson(String.valueOf(k)))
                    .append(':').append(goJson(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object v : list) {
                out.append(out.length() > 1 ? "," : "").append(goJson(v));
            }
            return out.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
