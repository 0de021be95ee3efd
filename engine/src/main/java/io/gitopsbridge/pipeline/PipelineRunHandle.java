package io.gitopsbridge.pipeline;

import java.util.concurrent.CompletableFuture;

/** A Pipeline run in progress. */
public final class PipelineRunHandle {
    private final CompletableFuture<PipelineRunResult> result = new CompletableFuture<>();
    private volatile String cancelReason;
    private volatile Runnable onCancel = () -> {};

    PipelineRunHandle() {}

    public CompletableFuture<PipelineRunResult> result() {
        return result;
    }

    /**
     * Cancels the running tasks and starts no new ones; {@code finally} tasks still run, as Jenkins runs
     * {@code post} sections of an aborted build. A second cancel also stops them.
     */
    public void cancel(String reason) {
        cancelReason = reason == null ? "cancelled" : reason;
        onCancel.run();
    }

    String cancelReason() {
        return cancelReason;
    }

    void onCancel(Runnable r) {
        onCancel = r;
    }
}
