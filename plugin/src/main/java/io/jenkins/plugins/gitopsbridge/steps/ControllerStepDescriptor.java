package io.jenkins.plugins.gitopsbridge.steps;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Descriptors of steps that run on the controller: they need the build and its log, but no agent or workspace. */
abstract class ControllerStepDescriptor extends StepDescriptor implements CustomDescribableModel {
    /** A Jenkinsfile's map form of {@code edits} with numbers or booleans in it. */
    @Override
    public java.util.Map<String, Object> customInstantiate(java.util.Map<String, Object> arguments) {
        return MapArguments.rewrite(arguments);
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    /** The clusters the job may use; empty for the Application's destination (or the only cluster). */
    @POST
    public ListBoxModel doFillClusterItems(@AncestorInPath Item item) {
        return ClusterDefinition.choices(item, "- the Application's destination, or the only cluster -");
    }

    @POST
    public hudson.util.FormValidation doCheckCluster(@AncestorInPath Item item, @QueryParameter String value) {
        return ClusterDefinition.checkChoice(item, value);
    }

    /** Their Git credentials: Username with password ones the job may use. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return PodStepDescriptor.usernamePasswordItems(item, credentialsId);
    }
}
