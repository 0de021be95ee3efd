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
public record Outcome(TaskRunResult.Status status, String message, Map<String, String> results, Map<String, String> tasks) {
    public Outcome {
        results = Map.copyOf(results);
        tasks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tasks));
    }

    public Outcome(TaskRunResult.Status status, String message, Map<String, String> results) {
        this(status, message, results, Map.of());
    }

    public boolean succeeded() {
        return status == TaskRunResult.Status.SUCCEEDED;
    }

    public static Outcome of(TaskRunResult r) {
        return new Outcome(r.status(), r.message(), r.results());
    }

    /** With each pipeline task's status ({@code Succeeded}, {@code Failed}, …, or {@code Skipped}), in the run's order. */
    public static Outcome of(PipelineRunResult r) {
        Map<String, String> tasks = new java.util.LinkedHashMap<>();
        r.tasks().forEach((name, result) -> tasks.put(name, result.status().toString()));
        r.skipped().forEach((name, why) -> tasks.put(name, "Skipped"));
        return new Outcome(r.status(), r.message(), r.results(), tasks);
    }
}
