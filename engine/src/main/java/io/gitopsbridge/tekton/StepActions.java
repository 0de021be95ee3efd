package io.gitopsbridge.tekton;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Steps that run a StepAction ({@code ref:}), made into steps as Tekton's TaskRun reconciler makes them
 * ({@code resolveStepRef} in {@code pkg/reconciler/taskrun/resources/taskspec.go},
 * {@code applyStepActionParameters} in {@code apply.go}).
 */
public final class StepActions {
    private StepActions() {}

    /**
     * The Task with every step's StepAction found.
     *
     * @throws io.gitopsbridge.yaml.YamlException naming the {@code ref} of a StepAction that is not found
     */
    public static Task attach(Task task, Function<String, Optional<StepAction>> actions) {
        if (task.spec().steps().stream().noneMatch(s -> s.ref() != null && s.ref().action() == null)) {
            return task;
        }
        List<StepSpec> steps = new ArrayList<>();
        for (StepSpec s : task.spec().steps()) {
            if (s.ref() == null || s.ref().action() != null) {
                steps.add(s);
                continue;
            }
            StepAction action = actions.apply(s.ref().name()).orElseThrow(() -> s.ref().node().get("name").error(
                    "no StepAction named '" + s.ref().name() + "' was found (in this file, or in the tasks directory)"));
            steps.add(withRef(s, s.ref().with(action)));
        }
        TaskSpec spec = task.spec();
        return new Task(task.name(), new TaskSpec(spec.params(), steps, spec.sidecars(), spec.workspaces(), spec.results(),
                spec.volumes(), spec.description()), task.file());
    }

    /**
     * The spec with each {@code ref} step made from its StepAction: the step's param values (with the Task's params
     * substituted first), then the StepAction's defaults (which may refer to its other params), substituted into the
     * StepAction's fields; the StepAction's image, workingDir and securityContext, its command, args, script, env
     * and volume mounts where it has them, and the step's own name, timeout, onError and resources.
     *
     * @param taskParams the run's values of the Task's params
     * @throws IllegalArgumentException when a StepAction was not found, or its params do not fit
     */
    public static TaskSpec expand(TaskSpec spec, Map<String, ParamValue> taskParams) {
        if (spec.steps().stream().noneMatch(s -> s.ref() != null)) {
            return spec;
        }
        Substitution task = Substitution.params(taskParams);
        List<StepSpec> steps = new ArrayList<>();
        for (StepSpec s : spec.steps()) {
            steps.add(s.ref() == null ? s : expand(s, task));
        }
        return new TaskSpec(spec.params(), steps, spec.sidecars(), spec.workspaces(), spec.results(), spec.volumes(),
                spec.description());
    }

    private static StepSpec expand(StepSpec step, Substitution task) {
        StepRef ref = step.ref();
        StepAction action = ref.action();
        if (action == null) {
            throw new IllegalArgumentException("step '" + step.name() + "' runs StepAction '" + ref.name() + "', which was"
                    + " not read: StepActions are found by tektonRun and gitops-bridge run, in the file or the tasks directory");
        }
        List<String> extra = ref.params().keySet().stream()
                .filter(n -> action.params().stream().noneMatch(p -> p.name().equals(n))).toList();
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("extra params passed by Step to StepAction: " + extra + " (step '"
                    + step.name() + "', StepAction '" + action.name() + "')");
        }
        Map<String, ParamValue> values = new LinkedHashMap<>();
        ref.params().forEach((name, node) -> values.put(name, value(node, task)));
        List<String> missing = action.params().stream()
                .filter(p -> p.required() && !values.containsKey(p.name())).map(ParamSpec::name).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("non-existent params in Step: " + missing + " (step '" + step.name()
                    + "' passes no value and StepAction '" + action.name() + "' has no default)");
        }
        defaults(action, values);
        for (ParamSpec p : action.params()) {
            if (values.get(p.name()).type() != p.type()) {
                throw new IllegalArgumentException("invalid parameter substitution: " + p.name() + ". Please check the"
                        + " types of the default value and the passed value (step '" + step.name() + "')");
            }
        }
        StepSpec from = TaskSubstitution.apply(new TaskSpec(List.of(), List.of(action.step()), List.of(), List.of(),
                List.of(), List.of(), null), Substitution.params(values)).steps().get(0);
        return new StepSpec(
                step.name(),
                from.image(),
                from.command().isEmpty() ? step.command() : from.command(),
                from.args().isEmpty() ? step.args() : from.args(),
                from.script() != null ? from.script() : step.script(),
                merge(step.env(), from.env(), EnvVar::getName),
                step.envFrom(),
                from.workingDir() != null ? from.workingDir() : step.workingDir(),
                step.resources(),
                from.securityContext() != null ? from.securityContext() : step.securityContext(),
                merge(step.volumeMounts(), from.volumeMounts(), VolumeMount::getMountPath),
                step.imagePullPolicy(),
                step.timeout(),
                step.onError(),
                null,
                null,
                step.node());
    }

    /** A step param's value, with the Task's params substituted (a whole array or object taken whole). */
    private static ParamValue value(YamlNode node, Substitution task) {
        if (node.isList()) {
            List<String> items = new ArrayList<>();
            node.list().forEach(i -> items.addAll(task.applyArray(i.string())));
            return new ParamValue.Array(items);
        }
        if (node.isMap()) {
            Map<String, String> values = new LinkedHashMap<>();
            node.map().forEach((k, v) -> values.put(k, task.apply(v.string())));
            return new ParamValue.Object(values);
        }
        ParamValue whole = task.whole(node.string().trim());
        return whole != null ? whole : new ParamValue.Text(task.apply(node.string()));
    }

    /** The StepAction's defaults for params the step did not pass; string defaults may use its other params. */
    private static void defaults(StepAction action, Map<String, ParamValue> values) {
        List<ParamSpec> pending = new ArrayList<>(action.params().stream()
                .filter(p -> !values.containsKey(p.name())).toList());
        while (!pending.isEmpty()) {
            List<ParamSpec> ready = new ArrayList<>();
            for (ParamSpec p : pending) {
                if (!(p.defaultValue() instanceof ParamValue.Text t) || !t.value().contains("$(params.")) {
                    ready.add(p);
                    continue;
                }
                List<String> uses = References.find(t.value(), "params").stream().map(References.Ref::name).toList();
                for (String used : uses) {
                    if (action.params().stream().noneMatch(d -> d.name().equals(used))) {
                        throw new IllegalArgumentException("parameter \"" + p.name() + "\" references non-existent parameter \""
                                + used + "\" (StepAction '" + action.name() + "')");
                    }
                }
                if (values.keySet().containsAll(uses)) {
                    ready.add(p);
                }
            }
            if (ready.isEmpty()) {
                throw new IllegalArgumentException("circular dependency detected in parameter references of StepAction '"
                        + action.name() + "': " + pending.stream().map(ParamSpec::name).toList());
            }
            Substitution known = Substitution.params(values);
            for (ParamSpec p : ready) {
                values.put(p.name(), p.defaultValue() instanceof ParamValue.Text t
                        ? new ParamValue.Text(known.apply(t.value())) : p.defaultValue());
            }
            pending.removeAll(ready);
        }
    }

    private static <T> List<T> merge(List<T> base, List<T> over, Function<T, String> key) {
        Map<String, T> byKey = new LinkedHashMap<>();
        base.forEach(t -> byKey.put(key.apply(t), t));
        over.forEach(t -> byKey.put(key.apply(t), t));
        return List.copyOf(byKey.values());
    }

    private static StepSpec withRef(StepSpec s, StepRef ref) {
        return new StepSpec(s.name(), s.image(), s.command(), s.args(), s.script(), s.env(), s.envFrom(), s.workingDir(),
                s.resources(), s.securityContext(), s.volumeMounts(), s.imagePullPolicy(), s.timeout(), s.onError(),
                s.passthrough(), ref, s.node());
    }
}
