package io.jenkins.plugins.gitopsbridge.config;

/** Finds the kubeconfig text a credentials ID holds. The port between cluster definitions and Jenkins credentials. */
@FunctionalInterface
public interface KubeconfigLookup {
    /**
     * @throws IllegalArgumentException if there is no such credential or it cannot hold a kubeconfig; the message
     *     names the ID, never the content
     */
    String kubeconfig(String credentialsId);
}
