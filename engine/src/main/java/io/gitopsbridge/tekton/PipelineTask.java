package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One task of a Pipeline.
 *
 * @param name its name in the Pipeline
 * @param task the Task it runs ({@code taskRef} resolved, or its {@code taskSpec})
 * @param params param values as written, which may refer to {@code $(params…)} and {@code $(tasks…)}
 * @param workspaces Task workspace name → Pipeline workspace name
 * @param runAfter tasks that must finish first
 * @param when conditions; all must hold or the task is skipped
 * @param retries extra attempts after a failure
 * @param timeout its limit, or {@code null} for the default
 * @param matrix params to fan out over, each an array: one run per combination
 * @param matrixInclude {@code matrix.include}: explicit combinations, added to or merged into the fanned-out ones
 * @param node where it was declared
 */
public record PipelineTask(
        String name,
        Task task,
        Map<String, YamlNode> params,
        Map<String, String> workspaces,
        List<String> runAfter,
        List<When> when,
        int retries,
        Duration timeout,
        Map<String, YamlNode> matrix,
        List<Map<String, YamlNode>> matrixInclude,
        YamlNode node) {

    public PipelineTask {
        matrixInclude = List.copyOf(matrixInclude);
    }

    /**
     * A {@code when} expression.
     *
     * @param input the value to test, after substitution
     * @param in {@code true} for operator {@code in}, {@code false} for {@code notin}
     * @param values the values to test against, after substitution
     */
    public record When(String input, boolean in, List<String> values) {}
}
