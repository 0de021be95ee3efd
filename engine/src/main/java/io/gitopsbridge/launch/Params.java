package io.gitopsbridge.launch;

import io.gitopsbridge.tekton.ParamSpec;
import io.gitopsbridge.tekton.ParamType;
import io.gitopsbridge.tekton.ParamValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns loosely typed param values into the types a definition declares. Values come as a Jenkinsfile gives them
 * (strings, numbers, booleans, lists, maps) or as a command line does (text: {@code a,b,c} for an array,
 * {@code k:v,k2:v2} for an object). A param the definition does not declare is passed on as a string, and the
 * definition's own validation names it.
 */
public final class Params {
    private Params() {}

    /**
     * @throws IllegalArgumentException naming the param when a value does not fit its declared type
     */
    public static Map<String, ParamValue> typed(List<ParamSpec> declared, Map<String, ?> given) {
        Map<String, ParamValue> values = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            ParamType type = declared.stream().filter(p -> p.name().equals(name)).map(ParamSpec::type).findFirst()
                    .orElse(ParamType.STRING);
            values.put(name, value(name, type, value));
        });
        return values;
    }

    static ParamValue value(String name, ParamType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("param '" + name + "' has no value");
        }
        return switch (type) {
            case STRING -> {
                if (value instanceof List<?> || value instanceof Map<?, ?>) {
                    throw new IllegalArgumentException("param '" + name + "' is declared string but was given "
                            + (value instanceof List<?> ? "a list" : "a map"));
                }
                yield new ParamValue.Text(value.toString());
            }
            case ARRAY -> {
                if (value instanceof List<?> list) {
                    List<String> items = new ArrayList<>();
                    for (Object item : list) {
                        if (item == null || item instanceof List<?> || item instanceof Map<?, ?>) {
                            throw new IllegalArgumentException("param '" + name + "' is an array of strings; item "
                                    + items.size() + " is " + (item == null ? "null" : "not a string"));
                        }
                        items.add(item.toString());
                    }
                    yield new ParamValue.Array(items);
                }
                if (value instanceof Map<?, ?>) {
                    throw new IllegalArgumentException("param '" + name + "' is declared array but was given a map");
                }
                String text = value.toString();
                yield new ParamValue.Array(text.isEmpty() ? List.of() : List.of(text.split(",", -1)));
            }
            case OBJECT -> {
                Map<String, String> object = new LinkedHashMap<>();
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> {
                        if (v == null || v instanceof List<?> || v instanceof Map<?, ?>) {
                            throw new IllegalArgumentException("param '" + name + "' is an object of strings; key '" + k
                                    + "' is " + (v == null ? "null" : "not a string"));
                        }
                        object.put(String.valueOf(k), v.toString());
                    });
                    yield new ParamValue.Object(object);
                }
                if (value instanceof List<?>) {
                    throw new IllegalArgumentException("param '" + name + "' is declared object but was given a list");
                }
                for (String pair : value.toString().split(",")) {
                    int colon = pair.indexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("param '" + name + "' is declared object and needs key:value"
                                + " pairs, not '" + pair + "'");
                    }
                    object.put(pair.substring(0, colon), pair.substring(colon + 1));
                }
                yield new ParamValue.Object(object);
            }
        };
    }
}
