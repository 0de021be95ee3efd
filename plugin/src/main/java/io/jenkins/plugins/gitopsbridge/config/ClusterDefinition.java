package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnection;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.cluster.ClusterException;
import io.gitopsbridge.cluster.ClusterSource;
import io.gitopsbridge.cluster.ServerInfo;
import java.util.List;
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
 * the service account of the Pod Jenkins runs in when no credential is given.
 */
public class ClusterDefinition extends AbstractDescribableImpl<ClusterDefinition> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    private final String name;
    private String credentialsId;
    private String context;
    private String namespace;

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

    /** Whether this cluster is reached with the controller Pod's own service account. */
    public boolean isInCluster() {
        return credentialsId == null;
    }

    /** What the engine needs to connect; reads the kubeconfig credential through {@code lookup}. */
    public ClusterConnection toConnection(KubeconfigLookup lookup) {
        ClusterSource source = isInCluster()
                ? ClusterSource.InCluster.ofThisProcess()
                : ClusterSource.Kubeconfig.ofText(
                        "credentials '" + credentialsId + "'", lookup.kubeconfig(credentialsId), context);
        return new ClusterConnection(name, source, namespace);
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

        public FormValidation doCheckContext(@QueryParameter String value, @QueryParameter String credentialsId) {
            if (value != null && !value.isBlank() && (credentialsId == null || credentialsId.isBlank())) {
                return FormValidation.warning("A context is only used with kubeconfig credentials");
            }
            return FormValidation.ok();
        }

        /** Lists the credentials that can hold a kubeconfig; only administrators see them. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            ListBoxModel items = new ListBoxModel();
            items.add("- none: the service account of the Pod Jenkins runs in -", "");
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                if (credentialsId != null && !credentialsId.isBlank()) {
                    items.add(credentialsId, credentialsId);
                }
                return items;
            }
            ListBoxModel available = CredentialsProvider.listCredentialsInItemGroup(
                    StandardCredentials.class,
                    Jenkins.get(),
                    ACL.SYSTEM2,
                    List.of(),
                    CredentialsMatchers.anyOf(
                            CredentialsMatchers.instanceOf(FileCredentials.class),
                            CredentialsMatchers.instanceOf(StringCredentials.class)));
            items.addAll(available);
            if (credentialsId != null && !credentialsId.isBlank()
                    && available.stream().noneMatch(o -> credentialsId.equals(o.value))) {
                items.add(credentialsId + " (not found)", credentialsId);
            }
            return items;
        }

        /** Connects with the values in the form and reports the server's version; administrators only. */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String name,
                @QueryParameter String credentialsId,
                @QueryParameter String context,
                @QueryParameter String namespace) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ClusterDefinition cluster = new ClusterDefinition(name == null || name.isBlank() ? "unnamed" : name);
            cluster.setCredentialsId(credentialsId);
            cluster.setContext(context);
            cluster.setNamespace(namespace);
            try {
                return FormValidation.ok(describe(cluster, new JenkinsKubeconfigLookup()));
            } catch (ClusterException | IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
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
