package io.gitopsbridge.tekton;

import java.util.List;

/**
 * A Pipeline: tasks in a graph, then {@code finally} tasks.
 *
 * @param name {@code metadata.name}
 * @param params declared params
 * @param workspaces declared workspace names (and whether optional)
 * @param results pipeline result name → value expression
 * @param tasks the graph, in declaration order
 * @param finallyTasks run after the graph, whatever happened
 * @param file where it was read from
 */
public record Pipeline(
        String name,
        List<ParamSpec> params,
        List<WorkspaceDeclaration> workspaces,
        java.util.Map<String, String> results,
        List<PipelineTask> tasks,
        List<PipelineTask> finallyTasks,
        String file) {

    public java.util.Optional<PipelineTask> task(String name) {
        return java.util.stream.Stream.concat(tasks.stream(), finallyTasks.stream())
                .filter(t -> t.name().equals(name))
                .findFirst();
    }
}
