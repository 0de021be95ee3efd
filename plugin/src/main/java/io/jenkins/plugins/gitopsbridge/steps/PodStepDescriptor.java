package io.jenkins.plugins.gitopsbridge.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopsbridge.tekton.GoDuration;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Form support shared by the Task Pod steps' descriptors. */
public abstract class PodStepDescriptor extends StepDescriptor implements CustomDescribableModel {
    /** A Jenkinsfile's map forms of {@code params}, {@code workspaces} and {@code buildArgs}. */
    @Override
    public Map<String, Object> customInstantiate(Map<String, Object> arguments) {
        return MapArguments.rewrite(arguments);
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    /**
     * The configured clusters the job's folder may use, for users who may configure the job. Empty ("the only
     * configured cluster") is offered only when there is exactly one: with two, an empty choice fails when the step
     * runs.
     */
    @POST
    public ListBoxModel doFillClusterItems(@AncestorInPath Item item) {
        List<ClusterDefinition> clusters = GitOpsBridgeConfiguration.get().getClusters();
        boolean onlyOne = clusters.size() == 1 && (item == null || clusters.get(0).folders().admits(item.getFullName()));
        return ClusterDefinition.choices(item, onlyOne ? "- the only configured cluster (" + clusters.get(0).getName() + ") -" : null);
    }

    @POST
    public FormValidation doCheckCluster(@AncestorInPath Item item, @QueryParameter String value) {
        return ClusterDefinition.checkChoice(item, value);
    }

    public ListBoxModel doFillKeepPodsItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("Failed runs' Pods (default)", "");
        items.add("Every Pod", "all");
        items.add("No Pod", "none");
        return items;
    }

    public FormValidation doCheckTimeout(@QueryParameter String value) {
        return duration(value);
    }

    static FormValidation duration(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            GoDuration.parse(value.trim());
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /**
     * Username-with-password credentials the job can use; listed only to those who may configure it, as the
     * credentials plugin recommends.
     */
    @POST
    public ListBoxModel doFillGitCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String gitCredentialsId) {
        return usernamePasswordItems(item, gitCredentialsId);
    }

    /** The Username with password credentials {@code item} (or, when null, an administrator) may choose from. */
    public static ListBoxModel usernamePasswordItems(Item item, String current) {
        return credentialItems(item, current, StandardUsernamePasswordCredentials.class, c -> true);
    }

    /** Secret file and Secret text credentials the job may use, as kubeconfigs. */
    @POST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String kubeconfigCredentialsId) {
        return credentialItems(item, kubeconfigCredentialsId, com.cloudbees.plugins.credentials.common.StandardCredentials.class,
                c -> c instanceof org.jenkinsci.plugins.plaincredentials.FileCredentials
                        || c instanceof org.jenkinsci.plugins.plaincredentials.StringCredentials);
    }

    private static <C extends com.cloudbees.plugins.credentials.common.StandardCredentials> ListBoxModel credentialItems(
            Item item, String current, Class<C> type, java.util.function.Predicate<C> accept) {
        ListBoxModel items = new ListBoxModel();
        items.add("- none -", "");
        boolean allowed = item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
        if (allowed) {
            List<C> found = item == null
                    ? CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of())
                    : CredentialsProvider.lookupCredentialsInItem(type, item, ACL.SYSTEM2, List.of());
            for (C c : found) {
                if (!accept.test(c)) {
                    continue;
                }
                String description = c.getDescription();
                items.add(description == null || description.isBlank() ? c.getId() : c.getId() + " (" + description + ")",
                        c.getId());
            }
        }
        if (current != null && !current.isBlank() && items.stream().noneMatch(o -> current.equals(o.value))) {
            items.add(current, current);
        }
        return items;
    }
}
