package io.gitopsbridge.controller;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Retries of a failed operation, as Argo CD's {@code processRequestedAppOperation} does them: while the policy allows
 * ({@code retryCount < limit}, or a negative limit), the failed operation goes back to Running with its count raised
 * and the message {@code "<failure>. Retrying attempt #n at 3:04PM."}; it runs again once
 * {@code finishedAt + min(maxDuration, duration × factor^n)} has passed. Like Argo CD, the time in the message is
 * computed with the count before raising it and the wait with the count after, so with the defaults the waits are
 * 10, 20, 40, 80 and 160 s while the messages say 5, 10, 20, 40, 80 s from the failure.
 */
public final class Retries {
    private static final DateTimeFormatter KITCHEN = DateTimeFormatter.ofPattern("h:mma", Locale.ROOT);

    private Retries() {}

    /**
     * The state after {@code failed} ended at {@code now}: Running again and waiting, or empty when the retries are
     * spent (the failure stands, with " (retried n times)." when there were any).
     */
    public static Optional<ApplicationStatus.OperationState> afterFailure(ApplicationStatus.OperationState failed,
            SyncPolicy.Retry retry, Instant now, ZoneId zone) {
        int count = failed.retryCount();
        if (retry == null || retry.limit() >= 0 && count >= retry.limit()) {
            return Optional.empty();
        }
        Instant shown = now.plus(retry.delay(count));
        return Optional.of(failed.retrying("Running", failed.message() + ". Retrying attempt #" + (count + 1) + " at "
                + KITCHEN.format(shown.atZone(zone)) + ".", count + 1));
    }

    /** When a retrying operation (Running, finished, with its raised count) may run again. */
    public static Instant dueAt(ApplicationStatus.OperationState retrying, SyncPolicy.Retry retry) {
        return retrying.finishedAt().plus(retry.delay(retrying.retryCount()));
    }

    /** The message of an operation whose retries are spent. */
    public static String finalMessage(ApplicationStatus.OperationState failed) {
        return failed.retryCount() > 0 ? failed.message() + " (retried " + failed.retryCount() + " times)." : failed.message();
    }
}
