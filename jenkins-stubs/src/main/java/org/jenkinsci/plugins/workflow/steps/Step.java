package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

/**
 * Stub of workflow-step-api 686.v603d058a_e148
 * {@code src/main/java/org/jenkinsci/plugins/workflow/steps/Step.java}. Not {@code Serializable}.
 */
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    protected Step() {}

    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
