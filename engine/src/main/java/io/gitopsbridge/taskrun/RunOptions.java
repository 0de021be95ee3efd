package io.gitopsbridge.taskrun;

import java.time.Duration;
import java.util.Objects;

/**
 * How a Task run is carried out.
 *
 * @param retries how many more attempts after a failed or timed-out one (never after a cancel)
 * @param retention which finished Pods to keep
 * @param unschedulableTimeout how long a Pod may stay unschedulable (a cluster autoscaler may still add a node)
 *     before the attempt fails with the scheduler's message
 */
public record RunOptions(int retries, Retention retention, Duration unschedulableTimeout) {
    public static final RunOptions DEFAULT = new RunOptions(0, Retention.KEEP_FAILED, Duration.ofMinutes(10));

    public RunOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(unschedulableTimeout, "unschedulableTimeout");
    }

    public RunOptions withRetries(int n) {
        return new RunOptions(n, retention, unschedulableTimeout);
    }

    public RunOptions withRetention(Retention r) {
        return new RunOptions(retries, r, unschedulableTimeout);
    }

    public RunOptions withUnschedulableTimeout(Duration d) {
        return new RunOptions(retries, retention, d);
    }
}
