package io.gitopsbridge.taskrun;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Task run in progress: its future result, and a way to cancel it. */
public final class TaskRunHandle {
    private final CompletableFuture<TaskRunResult> result = new CompletableFuture<>();
    private final List<Runnable> cancelListeners = new CopyOnWriteArrayList<>();
    private volatile String cancelReason;

    TaskRunHandle() {}

    /** Completes when the run has ended and its logs are written. */
    public CompletableFuture<TaskRunResult> result() {
        return result;
    }

    /**
     * Stops the run: its Pod is deleted and the result is {@link TaskRunResult.Status#CANCELLED}, naming the step
     * that was running. A cancelled run is not retried.
     */
    public void cancel(String reason) {
        cancelReason = reason == null ? "cancelled" : reason;
        cancelListeners.forEach(Runnable::run);
    }

    boolean cancelled() {
        return cancelReason != null;
    }

    String cancelReason() {
        return cancelReason;
    }

    void onCancel(Runnable listener) {
        cancelListeners.add(listener);
        if (cancelled()) {
            listener.run();
        }
    }
}
