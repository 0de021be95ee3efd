package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Set;

/**
 * Stub of workflow-step-api 686.v603d058a_e148
 * {@code src/main/java/org/jenkinsci/plugins/workflow/steps/StepDescriptor.java}.
 */
public abstract class StepDescriptor extends Descriptor<Step> {
    protected StepDescriptor() {}

    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();
}
