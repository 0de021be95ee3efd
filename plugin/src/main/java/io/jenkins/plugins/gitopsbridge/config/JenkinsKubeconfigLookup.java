package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.common.StandardCredentials;

/**
 * Reads kubeconfigs from Jenkins' global credentials: a Secret file (the kubeconfig file itself) or Secret text
 * (its content). Cluster definitions are set by administrators, so the lookup runs as SYSTEM in the root context.
 */
final class JenkinsKubeconfigLookup implements KubeconfigLookup {
    @Override
    public String kubeconfig(String credentialsId) {
        StandardCredentials credentials = GlobalCredentials.byId(StandardCredentials.class, credentialsId);
        if (credentials == null) {
            throw new IllegalArgumentException("No global credentials with ID '" + credentialsId + "' (" + KubeconfigCredentials.KINDS + ")");
        }
        return KubeconfigCredentials.text(credentials, credentialsId);
    }
}
