package io.gitopsbridge.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** YAML (and JSON) documents as maps, with errors that name file and line. */
final class Yaml {
    private Yaml() {}

    /** The non-empty documents of a file; each must be a mapping. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String file, String text) {
        Load load = new Load(LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build());
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            int index = 0;
            for (Object doc : load.loadAllFromString(text)) {
                index++;
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new RenderException(file + ": document " + index + " is not a mapping");
                }
                docs.add((Map<String, Object>) deepCopy(map));
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new RenderException(file + ":" + line + ": not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getContext()));
        } catch (YamlEngineException e) {
            throw new RenderException(file + ": not valid YAML: " + e.getMessage());
        }
        return docs;
    }

    /** A deep copy with mutable maps (in key order) and lists, so transformations never share structure. */
    @SuppressWarnings("unchecked")
    static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (o instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return o;
    }

    /** A deep copy with every map's keys sorted, as {@code kustomize build} prints objects. */
    static Object sorted(Object o) {
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

    /** Objects as a YAML stream, each introduced by {@code ---}, keys sorted as {@code kustomize build} prints them. */
    static String dump(List<Manifest> manifests) {
        Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(0).setWidth(Integer.MAX_VALUE).build());
        StringBuilder out = new StringBuilder();
        for (Manifest m : manifests) {
            out.append("---\n").append(dump.dumpToString(sorted(m.object())));
        }
        return out.toString();
    }
}
