package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.util.List;

/**
 * A declared parameter.
 *
 * @param name its name
 * @param type string, array or object
 * @param defaultValue the default, or {@code null} when the param is required
 * @param properties for objects, the declared keys
 * @param description for people
 * @param node where it was declared
 */
public record ParamSpec(
        String name, ParamType type, ParamValue defaultValue, List<String> properties, String description, YamlNode node) {

    public boolean required() {
        return defaultValue == null;
    }
}
