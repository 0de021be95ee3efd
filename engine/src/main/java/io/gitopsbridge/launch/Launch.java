package io.gitopsbridge.launch;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A started run: its outcome to come, and a way to cancel it. */
public final class Launch {
    private final String runName;
    private final CompletableFuture<Outcome> outcome;
    private final Consumer<String> cancel;

    Launch(String runName, CompletableFuture<Outcome> outcome, Consumer<String> cancel) {
        this.runName = runName;
        this.outcome = outcome;
        this.cancel = cancel;
    }

    public String runName() {
        return runName;
    }

    /** Completes when the run has ended and its Pods are cleaned up as retention says. */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Deletes the running Pods; the outcome then says {@code CANCELLED} with this reason and the running step. */
    public void cancel(String reason) {
        cancel.accept(reason);
    }
}
