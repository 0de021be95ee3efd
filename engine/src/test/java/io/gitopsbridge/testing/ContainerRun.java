package io.gitopsbridge.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How one container behaves when {@link TestKubelet} runs it.
 *
 * @param exitCode the exit code it terminates with
 * @param reason the terminated state's reason; {@code null} means {@code Completed} for 0, {@code Error} otherwise
 * @param log the text its log holds once it has started
 * @param terminationMessage what it leaves in its termination message, or {@code null}
 * @param duration how long it runs
 * @param until if set, it keeps running until this completes (or the Pod is deleted)
 * @param imagePullError if set, the image never pulls: the container waits with this reason
 *     ({@code ErrImagePull}, {@code ImagePullBackOff}) and the Pod stays Pending
 */
public record ContainerRun(
        int exitCode,
        String reason,
        String log,
        String terminationMessage,
        Duration duration,
        CompletableFuture<?> until,
        String imagePullError) {

    public ContainerRun {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(duration, "duration");
    }

    /** Exits 0 at once with an empty log. */
    public static ContainerRun succeeds() {
        return new ContainerRun(0, null, "", null, Duration.ZERO, null, null);
    }

    /** Exits with {@code code} at once. */
    public static ContainerRun exits(int code) {
        return succeeds().withExitCode(code);
    }

    /** Killed by the kernel for exceeding its memory limit: exit 137, reason {@code OOMKilled}. */
    public static ContainerRun oomKilled() {
        return new ContainerRun(137, "OOMKilled", "", null, Duration.ZERO, null, null);
    }

    /** Its image cannot be pulled; the kubelet reports {@code ImagePullBackOff}. */
    public static ContainerRun imagePullBackOff() {
        return new ContainerRun(0, null, "", null, Duration.ZERO, null, "ImagePullBackOff");
    }

    public ContainerRun withExitCode(int code) {
        return new ContainerRun(code, reason, log, terminationMessage, duration, until, imagePullError);
    }

    public ContainerRun withReason(String r) {
        return new ContainerRun(exitCode, r, log, terminationMessage, duration, until, imagePullError);
    }

    public ContainerRun withLog(String text) {
        return new ContainerRun(exitCode, reason, text, terminationMessage, duration, until, imagePullError);
    }

    public ContainerRun withTerminationMessage(String message) {
        return new ContainerRun(exitCode, reason, log, message, duration, until, imagePullError);
    }

    public ContainerRun runningFor(Duration d) {
        return new ContainerRun(exitCode, reason, log, terminationMessage, d, until, imagePullError);
    }

    public ContainerRun runningUntil(CompletableFuture<?> release) {
        return new ContainerRun(exitCode, reason, log, terminationMessage, duration, release, imagePullError);
    }

    String terminatedReason() {
        if (reason != null) {
            return reason;
        }
        return exitCode == 0 ? "Completed" : "Error";
    }
}
