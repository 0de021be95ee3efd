package io.jenkins.plugins.gitopsbridge.steps;

import hudson.AbortException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step whose work blocks (network, Git, Kubernetes), so it runs on a thread of its own and never on the CPS VM
 * thread; the step completes exactly once, whether the work ends, fails, or the build is aborted. Problems with the
 * step's input or its outcome fail the build with their message and no stack trace.
 */
abstract class BackgroundStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gitops-bridge step");
        t.setDaemon(true);
        return t;
    });

    private transient AtomicBoolean done = new AtomicBoolean();

    BackgroundStepExecution(StepContext context) {
        super(context);
    }

    /** The step's return value. */
    abstract Object work() throws Exception;

    /** Stops the work; it then ends with a failure that {@link #complete} ignores. */
    void cancel(String reason) {}

    @Override
    public final boolean start() {
        inBackground(this::work);
        return false;
    }

    /** Does {@code work} on a thread of its own and completes the step with its outcome. */
    final void inBackground(java.util.concurrent.Callable<Object> work) {
        THREADS.submit(() -> {
            try {
                complete(work.call(), null);
            } catch (Throwable t) {
                complete(null, UserErrors.isUserError(t) ? new AbortException(t.getMessage()) : t);
            }
        });
    }

    @Override
    public void stop(Throwable cause) {
        cancel(reason(cause));
        complete(null, cause);
    }

    /** Why the build stopped the step, as a person says it: "Aborted by alice", not an exception's class name. */
    static String reason(Throwable cause) {
        if (cause instanceof org.jenkinsci.plugins.workflow.steps.FlowInterruptedException f && !f.getCauses().isEmpty()) {
            return String.join("; ", f.getCauses().stream().map(c -> c.getShortDescription()).toList());
        }
        return cause.getMessage() != null ? cause.getMessage() : "the build was aborted";
    }

    final void complete(Object result, Throwable failure) {
        if (done == null) {
            done = new AtomicBoolean();
        }
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (failure == null) {
            getContext().onSuccess(result);
        } else {
            getContext().onFailure(failure);
        }
    }

    final boolean isDone() {
        return done != null && done.get();
    }
}
