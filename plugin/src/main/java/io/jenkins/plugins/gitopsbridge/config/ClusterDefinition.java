package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnection;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.cluster.ClusterException;
import io.gitopsbridge.cluster.ClusterSource;
import io.gitopsbridge.cluster.ServerInfo;
import io.gitopsbridge.pod.PodPolicy;
import io.jenkins.plugins.gitopsbridge.security.FolderAllowList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A cluster pipelines and the sync engine can name: a kubeconfig from a credential (with an optional context), or
 * the service account of the Pod Jenkins runs in when an administrator enables that. What jobs may do there is the
 * administrator's choice too: which folders may use it, which namespaces and service accounts their Pods may use,
 * and whether Pods must meet the Pod Security Standards' baseline profile.
 */
public class ClusterDefinition extends AbstractDescribableImpl<ClusterDefinition> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    private final String name;
    private String credentialsId;
    private String context;
    private String namespace;
    private boolean inCluster;
    private String allowedFolders;
    private String allowedNamespaces;
    private String allowedServiceAccounts;
    private String podSecurity;
    private boolean execAllowed;

    @DataBoundConstructor
    public ClusterDefinition(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getName() {
        return name;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = blankToNull(context);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = blankToNull(namespace);
    }

    /**
     * Whether, without kubeconfig credentials, the cluster is reached with the service account of the Pod Jenkins
     * runs in. Off unless an administrator turns it on: that account's rights are the controller's own.
     */
    public boolean isInCluster() {
        return inCluster;
    }

    @DataBoundSetter
    public void setInCluster(boolean inCluster) {
        this.inCluster = inCluster;
    }

    /**
     * Whether the kubeconfig may authenticate with an exec plugin (or a command-running auth provider), which runs a
     * program on the controller. Off unless an administrator turns it on.
     */
    public boolean isExecAllowed() {
        return execAllowed;
    }

    @DataBoundSetter
    public void setExecAllowed(boolean execAllowed) {
        this.execAllowed = execAllowed;
    }

    /** Folders (or jobs) whose builds may use this cluster, one full name per line; none for every job. */
    public String getAllowedFolders() {
        return allowedFolders;
    }

    @DataBoundSetter
    public void setAllowedFolders(String allowedFolders) {
        this.allowedFolders = blankToNull(allowedFolders);
    }

    /** Namespaces Pods and synced objects may use, one per line; none for any. */
    public String getAllowedNamespaces() {
        return allowedNamespaces;
    }

    @DataBoundSetter
    public void setAllowedNamespaces(String allowedNamespaces) {
        this.allowedNamespaces = blankToNull(allowedNamespaces);
    }

    /** Service accounts Task Pods may run as, one per line; none for any. */
    public String getAllowedServiceAccounts() {
        return allowedServiceAccounts;
    }

    @DataBoundSetter
    public void setAllowedServiceAccounts(String allowedServiceAccounts) {
        this.allowedServiceAccounts = blankToNull(allowedServiceAccounts);
    }

    /** {@code baseline} (the default) or {@code privileged}: the Pod Security Standards profile Task Pods must meet. */
    public String getPodSecurity() {
        return podSecurity;
    }

    @DataBoundSetter
    public void setPodSecurity(String podSecurity) {
        this.podSecurity = blankToNull(podSecurity);
    }

    /** The folders whose jobs may use this cluster. */
    public FolderAllowList folders() {
        return FolderAllowList.parse(allowedFolders);
    }

    /** The namespaces jobs may use here; empty for any. */
    public Set<String> namespaces() {
        return lines(allowedNamespaces);
    }

    /** What Task Pods may do here. */
    public PodPolicy podPolicy() {
        return new PodPolicy(name, namespaces(), lines(allowedServiceAccounts),
                "privileged".equals(podSecurity) ? PodPolicy.Level.PRIVILEGED : PodPolicy.Level.BASELINE);
    }

    /**
     * @throws IllegalArgumentException naming the cluster, the job and its folder if the job may not use the cluster
     */
    public void checkUsableBy(String jobFullName) {
        folders().check("Cluster '" + name + "'", jobFullName);
    }

    /**
     * @throws IllegalArgumentException if the namespace is not one the cluster allows
     */
    public void checkNamespace(String ns, String what) {
        Set<String> allowed = namespaces();
        if (!allowed.isEmpty() && !allowed.contains(ns)) {
            throw new IllegalArgumentException(what + ": cluster '" + name + "' does not allow namespace '" + ns
                    + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    private static Set<String> lines(String text) {
        return text == null ? Set.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** What the engine needs to connect; reads the kubeconfig credential through {@code lookup}. */
    public ClusterConnection toConnection(KubeconfigLookup lookup) {
        if (credentialsId == null && !inCluster) {
            throw new IllegalArgumentException("Cluster '" + name + "' has no kubeconfig credentials, and using the service"
                    + " account of the Pod Jenkins runs in is not enabled for it; an administrator chooses one in Manage"
                    + " Jenkins › System › GitOps Bridge");
        }
        ClusterSource source = credentialsId == null
                ? ClusterSource.InCluster.ofThisProcess()
                : kubeconfig(lookup);
        return new ClusterConnection(name, source, namespace);
    }

    private ClusterSource kubeconfig(KubeconfigLookup lookup) {
        ClusterSource.Kubeconfig k = ClusterSource.Kubeconfig.ofText(
                "credentials '" + credentialsId + "'", lookup.kubeconfig(credentialsId), context);
        return execAllowed ? k : k.withoutExec();
    }

    /** Connects; the caller closes the cluster. */
    public Cluster connect(KubeconfigLookup lookup) {
        return ClusterConnector.connect(toConnection(lookup));
    }

    /** The problem with a cluster name, or {@code null} if it is usable. */
    static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "A cluster needs a name; pipelines refer to clusters by name";
        }
        if (!NAME.matcher(name.trim()).matches()) {
            return "Cluster name '" + name.trim() + "' must be 1 to 63 letters, digits, '.', '_' or '-',"
                    + " starting and ending with a letter or digit";
        }
        return null;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Form and Configuration as Code support. */
    @Extension
    @Symbol("cluster")
    public static class DescriptorImpl extends Descriptor<ClusterDefinition> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Kubernetes cluster";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String problem = nameProblem(value);
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }

        /** The profiles of the Pod Security Standards a Task Pod may be held to. */
        public ListBoxModel doFillPodSecurityItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("baseline: no host access, no privileged containers (default)", "");
            items.add("privileged: anything the cluster's own admission allows", "privileged");
            return items;
        }

        public FormValidation doCheckAllowedFolders(@QueryParameter String value) {
            return value == null || value.isBlank()
                    ? FormValidation.warning("Every job on this controller may use this cluster")
                    : FormValidation.ok();
        }

        public FormValidation doCheckInCluster(@QueryParameter boolean value, @QueryParameter String credentialsId) {
            if (!value && (credentialsId == null || credentialsId.isBlank())) {
                return FormValidation.error("Choose kubeconfig credentials, or enable the service account of the Jenkins Pod");
            }
            if (value && credentialsId != null && !credentialsId.isBlank()) {
                return FormValidation.warning("The credentials are used; the service account only without them");
            }
            return FormValidation.ok();
        }

        public FormValidation doCheckContext(@QueryParameter String value, @QueryParameter String credentialsId) {
            if (value != null && !value.isBlank() && (credentialsId == null || credentialsId.isBlank())) {
                return FormValidation.warning("A context is only used with kubeconfig credentials");
            }
            return FormValidation.ok();
        }

        /** Lists the credentials that can hold a kubeconfig; only administrators see them. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return GlobalCredentials.items(credentialsId, CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(FileCredentials.class), CredentialsMatchers.instanceOf(StringCredentials.class)));
        }

        /** Connects with the values in the form and reports the server's version; administrators only. */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String name,
                @QueryParameter String credentialsId,
                @QueryParameter String context,
                @QueryParameter String namespace,
                @QueryParameter boolean inCluster,
                @QueryParameter boolean execAllowed) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ClusterDefinition cluster = new ClusterDefinition(name == null || name.isBlank() ? "unnamed" : name);
            cluster.setCredentialsId(credentialsId);
            cluster.setInCluster(inCluster);
            cluster.setExecAllowed(execAllowed);
            cluster.setContext(context);
            cluster.setNamespace(namespace);
            try {
                return FormValidation.ok(describe(cluster, new JenkinsKubeconfigLookup()));
            } catch (ClusterException | IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    /**
     * The configured clusters a job may choose in a form: those its folder may use (all of them for an
     * administrator's form, {@code item == null}), for users who may configure it, after {@code blank} when not null.
     */
    public static ListBoxModel choices(hudson.model.Item item, String blank) {
        ListBoxModel items = new ListBoxModel();
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(hudson.model.Item.EXTENDED_READ);
        if (!allowed) {
            return items;
        }
        if (blank != null) {
            items.add(blank, "");
        }
        for (ClusterDefinition c : GitOpsBridgeConfiguration.get().getClusters()) {
            if (item == null || c.folders().admits(item.getFullName())) {
                items.add(c.getName(), c.getName());
            }
        }
        return items;
    }

    /** A cluster a form names: known, and usable by the job ({@code item}, or {@code null} for any). */
    public static FormValidation checkChoice(hudson.model.Item item, String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        List<ClusterDefinition> clusters = GitOpsBridgeConfiguration.get().getClusters();
        ClusterDefinition c = clusters.stream().filter(d -> d.getName().equals(value.trim())).findFirst().orElse(null);
        if (c == null) {
            return FormValidation.error("No cluster named '" + value.trim() + "' is configured");
        }
        if (item != null && !c.folders().admits(item.getFullName())) {
            return FormValidation.error("Cluster '" + c.getName() + "' may not be used by jobs in this folder");
        }
        return FormValidation.ok();
    }

    /** Connects, asks for the version, and says what it found. */
    static String describe(ClusterDefinition cluster, KubeconfigLookup lookup) {
        try (Cluster connected = cluster.connect(lookup)) {
            ServerInfo info = connected.verify();
            return "Connected to " + connected.server() + " (Kubernetes " + info.gitVersion() + "); namespace '"
                    + connected.namespace() + "'";
        }
    }
}
