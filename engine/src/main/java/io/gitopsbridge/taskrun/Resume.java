package io.gitopsbridge.taskrun;

import java.util.Map;
import java.util.Objects;

/**
 * Where a run stood when the process following it stopped (a Jenkins restart): its Pods are still running, and a
 * new runner takes them over instead of starting again.
 *
 * @param runName the run's name, as its Pods' {@code gitops-bridge.io/run} label holds it
 * @param attempt the attempt whose Pod is running: 0 for the first, 1, 2, … for retries
 * @param linesShown per step name, how many log lines were shown already; those are skipped, the rest follow
 */
public record Resume(String runName, int attempt, Map<String, Long> linesShown) {
    public Resume {
        Objects.requireNonNull(runName, "runName");
        linesShown = Map.copyOf(linesShown);
    }
}
