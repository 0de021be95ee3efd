package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Stub of workflow-step-api 686.v603d058a_e148
 * {@code src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java}.
 */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(@NonNull StepContext context) {}

    @NonNull
    public StepContext getContext() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public abstract boolean start() throws Exception;

    public void stop(@NonNull Throwable cause) throws Exception {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public void onResume() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @CheckForNull
    public String getStatus() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public boolean blocksRestart() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
