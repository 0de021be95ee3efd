package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.util.Map;

/**
 * A step's {@code ref:} to a StepAction, with the {@code params} it passes.
 *
 * @param name the StepAction's name
 * @param params param values as written (they may refer to the Task's params)
 * @param action the StepAction, once found ({@link StepActions#attach}); {@code null} before
 * @param node where the reference was written
 */
public record StepRef(String name, Map<String, YamlNode> params, StepAction action, YamlNode node) {
    public StepRef {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public StepRef with(StepAction found) {
        return new StepRef(name, params, found, node);
    }
}
