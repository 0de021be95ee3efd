package io.gitopsbridge.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Helpers for tests that play Task Pods with {@link TestKubelet}. */
public final class TaskPods {
    /** The name of the container that reports a Task Pod's results. */
    public static final String RESULTS_CONTAINER = "gitops-bridge-results";

    private TaskPods() {}

    /**
     * The termination message the results container writes for these results and continued steps' exit codes, in
     * the format of {@code io.gitopsbridge.pod.TerminationMessage}.
     */
    public static String resultsMessage(Map<String, String> results, Map<String, Integer> exitCodes) {
        StringBuilder s = new StringBuilder();
        results.forEach((k, v) -> s.append("r ").append(k).append(' ')
                .append(v.getBytes(StandardCharsets.UTF_8).length).append('\n').append(v).append('\n'));
        exitCodes.forEach((k, v) -> s.append("x ").append(k).append(' ').append(v).append('\n'));
        return s.toString();
    }
}
