package io.gitopsbridge.taskrun;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a Task run.
 *
 * @param status how it ended
 * @param reason a one-word cause: {@code Succeeded}, {@code Failed}, {@code OOMKilled}, {@code ImagePullBackOff},
 *     {@code Unschedulable}, {@code Evicted}, {@code TimeoutExceeded}, {@code ResultsTooLarge}, {@code Cancelled}, …
 * @param message what happened, for people
 * @param results the declared results the Task wrote
 * @param steps how each step that ran ended, in order
 * @param podName the last attempt's Pod
 * @param attempts how many attempts were made
 */
public record TaskRunResult(
        Status status, String reason, String message, Map<String, String> results, List<StepOutcome> steps,
        String podName, int attempts) {

    /** How a run ended. */
    public enum Status {
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        CANCELLED
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
