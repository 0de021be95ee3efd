package io.jenkins.plugins.gitopsbridge.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map forms a Jenkinsfile may write for the list arguments ({@code params: [version: '1']},
 * {@code workspaces: [source: 'pvc:x']}, {@code buildArgs: [VERSION: '1']}, edits with non-text values), rewritten
 * into the entries structs binds ({@code [[name: 'version', value: '1']]}). Step descriptors apply it through
 * structs' {@code CustomDescribableModel}, so the Steps Reference and the Snippet Generator see describable
 * lists while both forms keep working.
 */
final class MapArguments {
    private MapArguments() {}

    static Map<String, Object> rewrite(Map<String, Object> arguments) {
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        if (out.get("params") instanceof Map<?, ?> params) {
            out.put("params", TektonParam.fromMap(params));
        }
        for (String key : List.of("workspaces", "buildArgs", "labelImages", "toolImages")) {
            if (out.get(key) instanceof Map<?, ?> entries) {
                out.put(key, NameValue.fromMap(entries));
            }
        }
        if (out.get("edits") instanceof List<?> edits) {
            List<Object> texts = new ArrayList<>();
            for (Object edit : edits) {
                texts.add(edit instanceof Map<?, ?> m ? texts(m) : edit);
            }
            out.put("edits", texts);
        }
        return out;
    }

    /** {@code value: 3} and {@code create: 'true'} as the edit's text and boolean fields take them. */
    private static Map<String, Object> texts(Map<?, ?> edit) {
        Map<String, Object> m = new LinkedHashMap<>();
        edit.forEach((k, v) -> m.put(String.valueOf(k), "create".equals(k) ? Boolean.valueOf(String.valueOf(v))
                : v == null ? null : String.valueOf(v)));
        return m;
    }
}
