package io.jenkins.plugins.gitopsbridge.steps;

import hudson.AbortException;
import io.gitopsbridge.writeback.WriteBackException;
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
        THREADS.submit(() -> {
            try {
                complete(work(), null);
            } catch (StepFailedException | IllegalArgumentException | WriteBackException
                    | io.gitopsbridge.yaml.YamlException e) {
                // What the user got wrong (arguments, YAML with its file and line) is one ERROR line, not a trace.
                complete(null, new AbortException(e.getMessage()));
            } catch (Throwable t) {
                complete(null, t);
            }
        });
        return false;
    }

    @Override
    public void stop(Throwable cause) {
        cancel(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        complete(null, cause);
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
