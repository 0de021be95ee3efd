package io.gitopsbridge.controller;

import java.time.Duration;

/**
 * How long self-heal waits before re-syncing the same revision again, as Argo CD's controller computes it
 * ({@code selfHealRemainingBackoff}): a backoff of {@code initial × factor^(n-1)}, capped, for the n-th self-heal of a
 * revision, less the time since the last operation finished — with the controller's defaults 0, 2, 6, 18, 54, 162
 * and then 300 s. A flat {@code timeout} instead (Argo CD's {@code --self-heal-timeout-seconds} without a backoff)
 * waits that long after every operation.
 *
 * @param initial {@code --self-heal-backoff-timeout-seconds} (default 2 s); {@code null} for the flat timeout
 * @param factor {@code --self-heal-backoff-factor} (default 3)
 * @param cap {@code --self-heal-backoff-cap-seconds} (default 300 s)
 * @param timeout {@code --self-heal-timeout-seconds} (default 0), used when {@code initial} is {@code null}
 */
public record SelfHealBackoff(Duration initial, double factor, Duration cap, Duration timeout) {
    public static final SelfHealBackoff DEFAULT = new SelfHealBackoff(Duration.ofSeconds(2), 3, Duration.ofSeconds(300), Duration.ZERO);

    /**
     * The wait still due before self-heal attempt {@code attempts} (the count the last operation carried), given the
     * time since that operation finished ({@code null} when it has not); zero or negative means now.
     */
    public Duration remaining(int attempts, Duration sinceFinished) {
        Duration delay;
        if (initial == null) {
            delay = timeout;
        } else {
            // k8s wait.Backoff stepped `attempts` times: each step returns the current duration, then multiplies it.
            delay = Duration.ZERO;
            Duration current = initial;
            boolean capped = false;
            for (int i = 0; i < attempts; i++) {
                delay = current;
                if (!capped) {
                    current = Duration.ofNanos((long) (current.toNanos() * factor));
                    if (current.compareTo(cap) > 0) {
                        current = cap;
                        capped = true;
                    }
                }
            }
        }
        return sinceFinished == null ? delay : delay.minus(sinceFinished);
    }
}
