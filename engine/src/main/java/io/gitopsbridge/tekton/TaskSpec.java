package io.gitopsbridge.tekton;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Optional;

/**
 * What a Task does.
 *
 * @param params declared parameters
 * @param steps the steps, in order, with {@code stepTemplate} already applied
 * @param sidecars containers that run beside the steps
 * @param workspaces declared workspaces
 * @param results declared results
 * @param volumes extra Pod volumes
 * @param description for people
 */
public record TaskSpec(
        List<ParamSpec> params,
        List<StepSpec> steps,
        List<StepSpec> sidecars,
        List<WorkspaceDeclaration> workspaces,
        List<ResultDeclaration> results,
        List<Volume> volumes,
        String description) {

    public TaskSpec {
        params = List.copyOf(params);
        steps = List.copyOf(steps);
        sidecars = List.copyOf(sidecars);
        workspaces = List.copyOf(workspaces);
        results = List.copyOf(results);
        volumes = List.copyOf(volumes);
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<WorkspaceDeclaration> workspace(String name) {
        return workspaces.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    public Optional<ResultDeclaration> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
