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
 * @param enumValues the values allowed ({@code enum}), or empty for any
 * @param description for people
 * @param node where it was declared
 */
public record ParamSpec(
        String name, ParamType type, ParamValue defaultValue, List<String> properties, List<String> enumValues,
        String description, YamlNode node) {

    public ParamSpec {
        properties = List.copyOf(properties);
        enumValues = List.copyOf(enumValues);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
