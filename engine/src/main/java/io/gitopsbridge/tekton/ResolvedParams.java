package io.gitopsbridge.tekton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The value of every param of a Task for one run: what the caller gave, else the default. */
public final class ResolvedParams {
    private final Map<String, ParamValue> values;

    private ResolvedParams(Map<String, ParamValue> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public Map<String, ParamValue> values() {
        return values;
    }

    /**
     * Checks the given values against the Task's declarations and fills in defaults. Values for params the Task does
     * not declare are kept, as Tekton keeps them.
     *
     * @throws IllegalArgumentException naming the Task and param when a value is missing or of the wrong type
     */
    public static ResolvedParams resolve(String taskName, TaskSpec spec, Map<String, ParamValue> given) {
        return resolve("Task '" + taskName + "'", spec.params(), given);
    }

    /**
     * @param owner how to name what declares the params in messages, such as {@code Pipeline 'release'}
     */
    public static ResolvedParams resolve(String owner, List<ParamSpec> declaredParams, Map<String, ParamValue> given) {
        Map<String, ParamValue> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ParamSpec p : declaredParams) {
            ParamValue v = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            if (v == null) {
                missing.add(p.name() + " (declared at " + p.node().file() + ":" + p.node().line() + ")");
                continue;
            }
            if (v.type() != p.type()) {
                throw new IllegalArgumentException("param '" + p.name() + "' of " + owner + " is "
                        + article(p.type()) + ", but the value given is " + article(v.type()));
            }
            if (!p.enumValues().isEmpty() && v instanceof ParamValue.Text t && !p.enumValues().contains(t.value())) {
                throw new IllegalArgumentException("param '" + p.name() + "' of " + owner + ": value " + t.value()
                        + " is not in the enum " + p.enumValues() + " (InvalidParamValue)");
            }
            if (v instanceof ParamValue.Object o) {
                List<String> absent = p.properties().stream().filter(k -> !o.values().containsKey(k)).toList();
                if (!absent.isEmpty()) {
                    throw new IllegalArgumentException("param '" + p.name() + "' of " + owner
                            + " lacks the keys " + String.join(", ", absent));
                }
            }
            values.put(p.name(), v);
        }
        // Tekton passes values nobody declared on as substitution keys rather than refusing them.
        given.forEach(values::putIfAbsent);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(owner + " needs a value for "
                    + (missing.size() == 1 ? "param " : "params ") + String.join(", ", missing));
        }
        return new ResolvedParams(values);
    }

    private static String article(ParamType type) {
        return switch (type) {
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }
}
