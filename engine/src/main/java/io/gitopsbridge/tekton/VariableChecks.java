package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The variable checks Tekton's admission makes on a Task's steps ({@code ValidateUsageOfDeclaredParameters} and
 * {@code validateStepArrayUsage} in {@code task_validation.go}), and no others: sidecars, {@code stepTemplate},
 * volumes, {@code env[].valueFrom} and workspace references are not checked, as Tekton does not check them.
 */
final class VariableChecks {
    private static final Set<String> TASK_RUN_CONTEXT = Set.of("name", "namespace", "uid");
    private static final Set<String> TASK_CONTEXT = Set.of("name", "retry-count");

    private VariableChecks() {}

    /** A step field as written, and whether an array reference must stand alone in it. */
    private record Field(YamlNode node, boolean isolated, boolean script) {}

    /**
     * @param params the params steps may use: the Task's, plus, for an inline spec, those of the Pipeline around it
     */
    static void check(YamlNode specNode, List<ParamSpec> params, List<ResultDeclaration> results) {
        Map<String, ParamSpec> byName = params.stream()
                .collect(Collectors.toMap(ParamSpec::name, p -> p, (a, b) -> b, java.util.LinkedHashMap::new));
        for (YamlNode step : specNode.optList("steps")) {
            for (Field f : fields(step)) {
                String text = f.node().string();
                for (References.Ref ref : References.find(text, "params")) {
                    param(f, ref, byName);
                }
                context(f, References.find(text, "context\\.taskRun"), TASK_RUN_CONTEXT, "context.taskRun");
                context(f, References.find(text, "context\\.task"), TASK_CONTEXT, "context.task");
                if (f.script()) {
                    for (References.Ref ref : References.find(text, "results")) {
                        if (results.stream().noneMatch(r -> r.name().equals(ref.name()))) {
                            throw f.node().errorAt(ref.start(), "non-existent variable in \"" + ref.text() + "\": the Task"
                                    + " declares no result '" + ref.name() + "'"
                                    + declared(results.stream().map(ResultDeclaration::name).toList()));
                        }
                    }
                }
            }
        }
    }

    private static void param(Field f, References.Ref ref, Map<String, ParamSpec> params) {
        if (ref.dotParts() > 2) {
            throw f.node().errorAt(ref.start(), "Invalid referencing of parameters in \"" + ref.text() + "\"! Only two"
                    + " dot-separated components after the prefix \"params\" are allowed.");
        }
        ParamSpec p = params.get(ref.name());
        if (p == null) {
            throw f.node().errorAt(ref.start(), "non-existent variable in \"" + ref.text() + "\": no param '" + ref.name()
                    + "' is declared" + declared(List.copyOf(params.keySet())));
        }
        boolean whole = ref.fullName().equals(p.name()) && !ref.variable().matches(".*\\[\\d+]$");
        switch (p.type()) {
            case ARRAY -> {
                if (whole && f.isolated() && !f.node().string().equals(ref.text())) {
                    throw f.node().errorAt(ref.start(), "variable is not properly isolated in \"" + f.node().string()
                            + "\": array param '" + p.name() + "' must be a whole element of command or args");
                }
                if (whole && !f.isolated()) {
                    throw f.node().errorAt(ref.start(), "variable type invalid in \"" + ref.text() + "\": array param '"
                            + p.name() + "' can only be a whole element of command or args; use an index such as $(params."
                            + p.name() + "[0])");
                }
            }
            case OBJECT -> {
                if (whole) {
                    throw f.node().errorAt(ref.start(), "variable type invalid in \"" + ref.text() + "\": object param '"
                            + p.name() + "' is used by key, as $(params." + p.name() + ".key)");
                }
                String key = ref.fullName().startsWith(p.name() + ".") ? ref.fullName().substring(p.name().length() + 1) : null;
                if (key != null && !p.properties().isEmpty() && !p.properties().contains(key)) {
                    throw f.node().errorAt(ref.start(), "non-existent variable in \"" + ref.text() + "\": object param '"
                            + p.name() + "' has no key '" + key + "' (keys: " + String.join(", ", p.properties()) + ")");
                }
            }
            case STRING -> { }
        }
    }

    private static void context(Field f, List<References.Ref> refs, Set<String> allowed, String prefix) {
        for (References.Ref ref : refs) {
            if (!allowed.contains(ref.variable())) {
                throw f.node().errorAt(ref.start(), "non-existent variable in \"" + ref.text() + "\": " + prefix
                        + " has " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** The step fields Tekton checks: name, image, workingDir, script, command, args, env values, mounts, onError. */
    private static List<Field> fields(YamlNode step) {
        List<Field> out = new ArrayList<>();
        for (String key : List.of("name", "image", "workingDir", "script", "onError")) {
            YamlNode n = step.get(key);
            if (n.isScalar()) {
                out.add(new Field(n, false, key.equals("script")));
            }
        }
        for (String key : List.of("command", "args")) {
            for (YamlNode n : step.optList(key)) {
                if (n.isScalar()) {
                    out.add(new Field(n, true, false));
                }
            }
        }
        for (YamlNode env : step.optList("env")) {
            if (env.isMap() && env.get("value").isScalar()) {
                out.add(new Field(env.get("value"), false, false));
            }
        }
        for (YamlNode mount : step.optList("volumeMounts")) {
            for (String key : List.of("name", "mountPath", "subPath")) {
                if (mount.isMap() && mount.get(key).isScalar()) {
                    out.add(new Field(mount.get(key), false, false));
                }
            }
        }
        return out;
    }

    private static String declared(List<String> names) {
        return names.isEmpty() ? " (none is declared)" : " (declared: " + String.join(", ", names) + ")";
    }
}
