package io.gitopsbridge.tekton;

/** The type of a Task parameter or result. */
public enum ParamType {
    STRING,
    ARRAY,
    OBJECT;

    static ParamType of(io.gitopsbridge.yaml.YamlNode node) {
        if (node.isNull()) {
            return STRING;
        }
        return switch (node.string()) {
            case "string" -> STRING;
            case "array" -> ARRAY;
            case "object" -> OBJECT;
            default -> throw node.error("type must be string, array or object, not '" + node.string() + "'");
        };
    }

    String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
