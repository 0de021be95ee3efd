package io.gitopsbridge.render;

import io.gitopsbridge.yaml.KubeYaml;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** YAML (and JSON) documents as maps, with errors that name file and line. */
final class Yaml {
    private Yaml() {}

    /** The non-empty documents of a file; each must be a mapping. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String file, String text) {
        Load load = new Load(KubeYaml.settings(file));
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
                docs.add((Map<String, Object>) Trees.copy(map));
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new RenderException(file + ":" + line + ": not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getContext()));
        } catch (YamlEngineException e) {
            throw new RenderException(file + ": not valid YAML: " + e.getMessage());
        }
        return docs;
    }

    /** Objects as a YAML stream, each introduced by {@code ---}, keys sorted as {@code kustomize build} prints them. */
    static String dump(List<Manifest> manifests) {
        StringBuilder out = new StringBuilder();
        for (Manifest m : manifests) {
            out.append("---\n").append(Trees.yaml(m.object()));
        }
        return out.toString();
    }
}
