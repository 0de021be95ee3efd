package io.gitopsbridge.pipeline;

import io.gitopsbridge.taskrun.TaskRunResult;
import java.util.Map;

/**
 * The outcome of a Pipeline run.
 *
 * @param status how it ended
 * @param message for people
 * @param tasks each task run's result, by task name (matrix runs as {@code <task>[<i>]})
 * @param skipped skipped tasks and why, by name
 * @param results the pipeline's results; a result whose producer did not succeed is left out
 */
public record PipelineRunResult(
        TaskRunResult.Status status,
        String message,
        Map<String, TaskRunResult> tasks,
        Map<String, String> skipped,
        Map<String, String> results) {

    public boolean succeeded() {
        return status == TaskRunResult.Status.SUCCEEDED;
    }
}
