package io.jenkins.plugins.gitopsbridge.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopsbridge.app.Application;
import io.jenkins.plugins.gitopsbridge.security.FolderAllowList;
import io.jenkins.plugins.gitopsbridge.steps.PodStepDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An application the sync engine reconciles, as the fields of an Argo CD Application: where its manifests are in Git
 * and which configured cluster and namespace they go to.
 */
public class ApplicationDefinition extends AbstractDescribableImpl<ApplicationDefinition> {
    /** Argo CD application names: a DNS label, since they end up in tracking ids and Helm release names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,51}[a-z0-9])?");

    private final String name;
    private String repoURL;
    private String path;
    private String targetRevision;
    private String cluster;
    private String namespace;
    private String syncOptions;
    private String credentialsId;
    private String allowedFolders;
    private boolean automated;
    private boolean prune;
    private boolean selfHeal;
    private boolean allowEmpty;

    @DataBoundConstructor
    public ApplicationDefinition(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getName() {
        return name;
    }

    public String getRepoURL() {
        return repoURL;
    }

    @DataBoundSetter
    public void setRepoURL(String repoURL) {
        this.repoURL = ClusterDefinition.blankToNull(repoURL);
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = ClusterDefinition.blankToNull(path);
    }

    public String getTargetRevision() {
        return targetRevision;
    }

    @DataBoundSetter
    public void setTargetRevision(String targetRevision) {
        this.targetRevision = ClusterDefinition.blankToNull(targetRevision);
    }

    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = ClusterDefinition.blankToNull(cluster);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = ClusterDefinition.blankToNull(namespace);
    }

    /** Username with password credentials for the repository, or {@code null} when it is public. */
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = ClusterDefinition.blankToNull(credentialsId);
    }

    /** Folders (or jobs) whose builds may sync this application, one full name per line; none for every job. */
    public String getAllowedFolders() {
        return allowedFolders;
    }

    @DataBoundSetter
    public void setAllowedFolders(String allowedFolders) {
        this.allowedFolders = ClusterDefinition.blankToNull(allowedFolders);
    }

    /** The folders whose jobs may sync this application. */
    public FolderAllowList folders() {
        return FolderAllowList.parse(allowedFolders);
    }

    /** Argo CD sync options, one per line ({@code CreateNamespace=true}). */
    public String getSyncOptions() {
        return syncOptions;
    }

    @DataBoundSetter
    public void setSyncOptions(String syncOptions) {
        this.syncOptions = syncOptions == null || syncOptions.isBlank() ? null : syncOptions.strip();
    }

    /** Whether the controller syncs every new commit by itself ({@code syncPolicy.automated}); off for manual syncs. */
    public boolean isAutomated() {
        return automated;
    }

    @DataBoundSetter
    public void setAutomated(boolean automated) {
        this.automated = automated;
    }

    /** With automated sync: whether it deletes the objects no longer in Git ({@code automated.prune}). */
    public boolean isPrune() {
        return prune;
    }

    @DataBoundSetter
    public void setPrune(boolean prune) {
        this.prune = prune;
    }

    /** With automated sync: whether drift in the cluster is repaired too, not only new commits synced. */
    public boolean isSelfHeal() {
        return selfHeal;
    }

    @DataBoundSetter
    public void setSelfHeal(boolean selfHeal) {
        this.selfHeal = selfHeal;
    }

    /** With automated sync and prune: whether a commit that leaves no object at all may prune everything. */
    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    /**
     * The Application these fields describe; its destination names the cluster.
     *
     * @throws io.gitopsbridge.yaml.YamlException naming the field that is wrong
     */
    public Application toApplication() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repoURL", repoURL);
        source.put("path", path == null ? "." : path);
        source.put("targetRevision", targetRevision == null ? "HEAD" : targetRevision);
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("name", cluster == null ? "" : cluster);
        if (namespace != null) {
            destination.put("namespace", namespace);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("source", source);
        spec.put("destination", destination);
        Map<String, Object> syncPolicy = new LinkedHashMap<>();
        if (automated) {
            syncPolicy.put("automated", Map.of("prune", prune, "selfHeal", selfHeal, "allowEmpty", allowEmpty));
        }
        if (syncOptions != null) {
            List<Object> options = new ArrayList<>();
            syncOptions.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(options::add);
            syncPolicy.put("syncOptions", options);
        }
        if (!syncPolicy.isEmpty()) {
            spec.put("syncPolicy", syncPolicy);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", Application.API_VERSION);
        object.put("kind", "Application");
        object.put("metadata", Map.of("name", name));
        object.put("spec", spec);
        return Application.fromObject(object, "application '" + name + "'");
    }

    /** The problem with these fields, or {@code null}. */
    String problem() {
        if (name.isEmpty()) {
            return "An application needs a name; pipelines refer to applications by name";
        }
        if (!NAME.matcher(name).matches()) {
            return "Application name '" + name + "' must be 1 to 53 lowercase letters, digits or '-', starting and ending"
                    + " with a letter or digit";
        }
        if (repoURL == null) {
            return "Application '" + name + "' needs a repository URL";
        }
        try {
            toApplication();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Form and Configuration as Code support. */
    @Extension
    @Symbol("application")
    public static class DescriptorImpl extends Descriptor<ApplicationDefinition> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Application";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            ApplicationDefinition d = new ApplicationDefinition(value);
            d.setRepoURL("https://example.invalid/x.git");
            String problem = d.problem();
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return PodStepDescriptor.usernamePasswordItems(null, credentialsId);
        }

        /** The configured clusters; empty only when there is exactly one. */
        @POST
        public ListBoxModel doFillClusterItems() {
            List<ClusterDefinition> clusters = GitOpsBridgeConfiguration.get().getClusters();
            return ClusterDefinition.choices(null, clusters.size() == 1 ? "- the only configured cluster -" : null);
        }

        @POST
        public FormValidation doCheckCluster(@QueryParameter String value) {
            return ClusterDefinition.checkChoice(null, value);
        }

        public FormValidation doCheckSyncOptions(@QueryParameter String value) {
            try {
                io.gitopsbridge.app.SyncOptions.parse(value == null ? List.of() : value.lines().toList(), "Sync options");
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
