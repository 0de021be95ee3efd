package io.gitopsbridge.app;

import java.time.Duration;

/**
 * {@code spec.syncPolicy}.
 *
 * @param automated automated sync, or {@code null} when syncs are manual
 * @param syncOptions the application's sync options
 * @param retry how failed syncs are retried, or {@code null}
 */
public record SyncPolicy(Automated automated, SyncOptions syncOptions, Retry retry) {
    public static final SyncPolicy MANUAL = new SyncPolicy(null, SyncOptions.NONE, null);

    /**
     * {@code syncPolicy.automated}: prune, selfHeal and allowEmpty default to false; {@code enabled} absent means
     * enabled.
     */
    public record Automated(boolean enabled, boolean prune, boolean selfHeal, boolean allowEmpty) {}

    /**
     * {@code syncPolicy.retry}: wait {@code min(maxDuration, duration × factor^n)} before attempt n; a negative limit
     * retries forever, 0 never.
     */
    public record Retry(long limit, Duration duration, long factor, Duration maxDuration) {
        /** The wait before retry number {@code n} (1 for the first retry). */
        public Duration delay(int n) {
            double seconds = duration.toMillis() / 1000.0 * Math.pow(factor, n);
            long millis = (long) Math.min(maxDuration.toMillis(), seconds * 1000);
            return Duration.ofMillis(millis);
        }
    }

    public boolean allowEmpty() {
        return automated != null && automated.allowEmpty();
    }
}
