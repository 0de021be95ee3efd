package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;
import jenkins.model.CauseOfInterruption;

/**
 * Stub of workflow-step-api 686.v603d058a_e148
 * {@code src/main/java/org/jenkinsci/plugins/workflow/steps/FlowInterruptedException.java}: what a step's
 * {@code stop} receives when the build is aborted. Only what the plugin reads is declared.
 */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 630482382622970136L;

    private FlowInterruptedException() {}

    @NonNull
    public List<CauseOfInterruption> getCauses() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
