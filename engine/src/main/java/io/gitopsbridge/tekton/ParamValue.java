package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parameter's value: a string, an array of strings, or an object of string values. */
public sealed interface ParamValue permits ParamValue.Text, ParamValue.Array, ParamValue.Object {

    ParamType type();

    /** A string value. */
    record Text(String value) implements ParamValue {
        @Override
        public ParamType type() {
            return ParamType.STRING;
        }
    }

    /** An array value. */
    record Array(List<String> values) implements ParamValue {
        public Array {
            values = List.copyOf(values);
        }

        @Override
        public ParamType type() {
            return ParamType.ARRAY;
        }
    }

    /** An object value. */
    record Object(Map<String, String> values) implements ParamValue {
        public Object {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public ParamType type() {
            return ParamType.OBJECT;
        }
    }

    static ParamValue text(String value) {
        return new Text(value);
    }

    /** Reads a value from YAML: a scalar, a list of scalars, or a mapping of scalars. */
    static ParamValue of(YamlNode node) {
        if (node.isList()) {
            return new Array(node.mapList(YamlNode::string));
        }
        if (node.isMap()) {
            Map<String, String> values = new LinkedHashMap<>();
            node.map().forEach((k, v) -> values.put(k, v.string()));
            return new Object(values);
        }
        return new Text(node.string());
    }

    /** Converts a plain Java value (String, List, Map) as pipeline callers pass it. */
    static ParamValue ofJava(String name, java.lang.Object value) {
        if (value instanceof List<?> list) {
            return new Array(list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
            return new Object(values);
        }
        if (value == null) {
            throw new IllegalArgumentException("param '" + name + "' has no value");
        }
        return new Text(String.valueOf(value));
    }
}
