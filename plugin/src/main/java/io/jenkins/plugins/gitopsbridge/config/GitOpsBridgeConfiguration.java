package io.jenkins.plugins.gitopsbridge.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.pod.PodOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.util.ListBoxModel;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * GitOps Bridge's global settings, under Manage Jenkins › System and {@code unclassified: gitopsBridge:} in
 * Configuration as Code. Only administrators can change them (the default permission of global configuration).
 */
@Extension
@Symbol("gitopsBridge")
public class GitOpsBridgeConfiguration extends GlobalConfiguration {
    private List<ClusterDefinition> clusters = new ArrayList<>();
    private List<ApplicationDefinition> applications = new ArrayList<>();
    private String helperImage;
    private String gitImage;
    private String kanikoImage;
    private boolean controllerEnabled;
    /** Secret text credentials each provider's webhooks are verified with, by provider; none: refused. */
    private String githubWebhookCredentialsId;
    private String gitlabWebhookCredentialsId;
    private String giteaWebhookCredentialsId;
    private String bitbucketWebhookCredentialsId;
    /** While the form is bound: the service hears of the whole new configuration once, not of each half-set field. */
    private transient boolean binding;

    public GitOpsBridgeConfiguration() {
        load();
    }

    /** The configuration Jenkins holds. */
    public static GitOpsBridgeConfiguration get() {
        return ExtensionList.lookupSingleton(GitOpsBridgeConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "GitOps Bridge";
    }

    public List<ClusterDefinition> getClusters() {
        return List.copyOf(clusters);
    }

    /**
     * @throws IllegalArgumentException if a name is missing, malformed or used twice; nothing is changed then
     */
    @DataBoundSetter
    public void setClusters(List<ClusterDefinition> clusters) {
        this.clusters = checked(clusters);
        save();
        changed();
    }

    public List<ApplicationDefinition> getApplications() {
        return applications == null ? List.of() : List.copyOf(applications);
    }

    /**
     * @throws IllegalArgumentException if an application is incomplete or a name is used twice; nothing is changed
     *     then
     */
    @DataBoundSetter
    public void setApplications(List<ApplicationDefinition> applications) {
        List<ApplicationDefinition> result = new ArrayList<>(applications == null ? List.of() : applications);
        Set<String> names = new HashSet<>();
        for (ApplicationDefinition a : result) {
            String problem = a.problem();
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (!names.add(a.getName())) {
                throw new IllegalArgumentException("Application name '" + a.getName() + "' is used twice; names must be unique");
            }
        }
        this.applications = result;
        save();
        changed();
    }

    /**
     * Whether Jenkins reconciles the applications continuously: one controller per cluster that has an application
     * with automated sync. Off by default, so that upgrading the plugin changes nothing.
     */
    public boolean isControllerEnabled() {
        return controllerEnabled;
    }

    @DataBoundSetter
    public void setControllerEnabled(boolean controllerEnabled) {
        this.controllerEnabled = controllerEnabled;
        save();
        changed();
    }

    public String getGithubWebhookCredentialsId() {
        return githubWebhookCredentialsId;
    }

    @DataBoundSetter
    public void setGithubWebhookCredentialsId(String id) {
        this.githubWebhookCredentialsId = trimmed(id);
        save();
    }

    public String getGitlabWebhookCredentialsId() {
        return gitlabWebhookCredentialsId;
    }

    @DataBoundSetter
    public void setGitlabWebhookCredentialsId(String id) {
        this.gitlabWebhookCredentialsId = trimmed(id);
        save();
    }

    public String getGiteaWebhookCredentialsId() {
        return giteaWebhookCredentialsId;
    }

    @DataBoundSetter
    public void setGiteaWebhookCredentialsId(String id) {
        this.giteaWebhookCredentialsId = trimmed(id);
        save();
    }

    public String getBitbucketWebhookCredentialsId() {
        return bitbucketWebhookCredentialsId;
    }

    @DataBoundSetter
    public void setBitbucketWebhookCredentialsId(String id) {
        this.bitbucketWebhookCredentialsId = trimmed(id);
        save();
    }

    /** The secret text credential ID a provider's webhooks are verified with, or {@code null}. */
    public String webhookCredentialsId(io.gitopsbridge.web.Webhook.Provider provider) {
        return switch (provider) {
            case GITHUB -> githubWebhookCredentialsId;
            case GITLAB -> gitlabWebhookCredentialsId;
            case GITEA -> giteaWebhookCredentialsId;
            case BITBUCKET -> bitbucketWebhookCredentialsId;
        };
    }

    public ListBoxModel doFillGithubWebhookCredentialsIdItems(@QueryParameter String githubWebhookCredentialsId) {
        return secretTexts(githubWebhookCredentialsId);
    }

    public ListBoxModel doFillGitlabWebhookCredentialsIdItems(@QueryParameter String gitlabWebhookCredentialsId) {
        return secretTexts(gitlabWebhookCredentialsId);
    }

    public ListBoxModel doFillGiteaWebhookCredentialsIdItems(@QueryParameter String giteaWebhookCredentialsId) {
        return secretTexts(giteaWebhookCredentialsId);
    }

    public ListBoxModel doFillBitbucketWebhookCredentialsIdItems(@QueryParameter String bitbucketWebhookCredentialsId) {
        return secretTexts(bitbucketWebhookCredentialsId);
    }

    private static ListBoxModel secretTexts(String current) {
        return GlobalCredentials.items(current, CredentialsMatchers.instanceOf(StringCredentials.class));
    }

    /** Tells the controller service (when Jenkins runs it) to follow the configuration as it now is. */
    private void changed() {
        if (!binding) {
            io.jenkins.plugins.gitopsbridge.controller.ControllerService.configurationChanged();
        }
    }

    /**
     * The application with this name, if job {@code jobFullName} may sync it.
     *
     * @throws IllegalArgumentException naming the configured applications if there is none, or the job's folder if
     *     it may not
     */
    public ApplicationDefinition application(String name, String jobFullName) {
        ApplicationDefinition app = application(name);
        app.folders().check("Application '" + name + "'", jobFullName);
        return app;
    }

    /**
     * The application with this name.
     *
     * @throws IllegalArgumentException naming the configured applications if there is none
     */
    public ApplicationDefinition application(String name) {
        return getApplications().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No application named '" + name
                        + "' in Manage Jenkins › System › GitOps Bridge; configured: " + (getApplications().isEmpty() ? "none"
                                : String.join(", ", getApplications().stream().map(ApplicationDefinition::getName).toList()))));
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<ClusterDefinition> previous = clusters;
        List<ApplicationDefinition> previousApplications = applications;
        String[] images = {helperImage, gitImage, kanikoImage};
        boolean wasEnabled = controllerEnabled;
        // A repeatable list emptied in the form is absent from the JSON, so its setter is never called.
        clusters = new ArrayList<>();
        applications = new ArrayList<>();
        binding = true;
        try {
            req.bindJSON(this, json);
        } catch (IllegalArgumentException e) {
            // Setters bound before the failing one have saved already: put everything back, on disk too.
            clusters = previous;
            applications = previousApplications;
            helperImage = images[0];
            gitImage = images[1];
            kanikoImage = images[2];
            controllerEnabled = wasEnabled;
            save();
            throw new FormException(e.getMessage(), "clusters");
        } finally {
            binding = false;
        }
        save();
        changed();
        return true;
    }

    /**
     * The helper image as configured, or {@code null} for the default: the form shows the default as help, so that
     * saving the page does not freeze today's default into the configuration.
     */
    public String getHelperImage() {
        return helperImage;
    }

    /** The image that places scripts and reports Task results; it needs {@code sh}, {@code cat} and {@code wc}. */
    public String helperImageOrDefault() {
        return helperImage == null || helperImage.isBlank() ? PodOptions.DEFAULT_HELPER_IMAGE : helperImage;
    }

    @DataBoundSetter
    public void setHelperImage(String helperImage) {
        this.helperImage = trimmed(helperImage);
        save();
    }

    /** The image that clones a build's source into a Task Pod, or {@code null} if none is set. */
    public String getGitImage() {
        return gitImage;
    }

    @DataBoundSetter
    public void setGitImage(String gitImage) {
        this.gitImage = trimmed(gitImage);
        save();
    }

    /** The Kaniko executor image, or {@code null} if none is set. */
    public String getKanikoImage() {
        return kanikoImage;
    }

    @DataBoundSetter
    public void setKanikoImage(String kanikoImage) {
        this.kanikoImage = trimmed(kanikoImage);
        save();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The cluster a step names, or the only configured one when the step names none.
     *
     * @throws IllegalArgumentException naming the configured clusters if there is no such cluster, or several and
     *     the step named none
     */
    public ClusterDefinition clusterFor(String name) {
        return name == null || name.isBlank() ? only(clusters) : cluster(name);
    }

    static ClusterDefinition only(List<ClusterDefinition> clusters) {
        if (clusters.size() == 1) {
            return clusters.get(0);
        }
        throw new IllegalArgumentException(clusters.isEmpty()
                ? "No cluster is configured; add one in Manage Jenkins › System › GitOps Bridge"
                : "Several clusters are configured (" + String.join(", ", clusters.stream().map(ClusterDefinition::getName).toList())
                        + "); name one with cluster: '…'");
    }

    /**
     * The cluster with this name.
     *
     * @throws IllegalArgumentException naming the configured clusters if there is none
     */
    public ClusterDefinition cluster(String name) {
        return find(clusters, name);
    }

    static ClusterDefinition find(List<ClusterDefinition> clusters, String name) {
        return clusters.stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No cluster named '" + name
                        + "' in Manage Jenkins › System › GitOps Bridge; configured: "
                        + (clusters.isEmpty()
                                ? "none"
                                : String.join(", ", clusters.stream().map(ClusterDefinition::getName).toList()))));
    }

    /**
     * The cluster a step of job {@code jobFullName} names (the only one when {@code name} is empty), if the job may
     * use it.
     *
     * @throws IllegalArgumentException if there is no such cluster, or the job's folder may not use it
     */
    public ClusterDefinition clusterFor(String name, String jobFullName) {
        ClusterDefinition cluster = clusterFor(name);
        cluster.checkUsableBy(jobFullName);
        return cluster;
    }

    /** Connects to the cluster with its credentials; the caller closes it. */
    public Cluster connect(ClusterDefinition cluster) {
        return cluster.connect(new JenkinsKubeconfigLookup());
    }

    static List<ClusterDefinition> checked(List<ClusterDefinition> clusters) {
        List<ClusterDefinition> result = new ArrayList<>(clusters == null ? List.of() : clusters);
        Set<String> names = new HashSet<>();
        for (ClusterDefinition c : result) {
            String problem = ClusterDefinition.nameProblem(c.getName());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (!names.add(c.getName())) {
                throw new IllegalArgumentException("Cluster name '" + c.getName() + "' is used twice; names must be unique");
            }
        }
        return result;
    }
}
