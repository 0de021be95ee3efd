package io.gitopsbridge.launch;

import io.gitopsbridge.pipeline.PipelineRunResult;
import io.gitopsbridge.taskrun.TaskRunResult;
import java.util.Map;

/**
 * How a launched run ended.
 *
 * @param status succeeded, failed, timed out or cancelled
 * @param message what happened, for people (the failing step and its reason)
 * @param results the Task's or Pipeline's results
 */
public record Outcome(TaskRunResult.Status status, String message, Map<String, String> results) {
    public Outcome {
        results = Map.copyOf(results);
    }

    public boolean succeeded() {
        return status == TaskRunResult.Status.SUCCEEDED;
    }

    public static Outcome of(TaskRunResult r) {
        return new Outcome(r.status(), r.message(), r.results());
    }

    public static Outcome of(PipelineRunResult r) {
        return new Outcome(r.status(), r.message(), r.results());
    }
}
