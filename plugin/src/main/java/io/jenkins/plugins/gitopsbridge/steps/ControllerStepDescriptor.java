package io.jenkins.plugins.gitopsbridge.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/** Descriptors of steps that run on the controller: they need the build and its log, but no agent or workspace. */
abstract class ControllerStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }
}
