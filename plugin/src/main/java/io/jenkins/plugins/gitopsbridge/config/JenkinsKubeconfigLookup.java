package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.security.ACL;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Reads kubeconfigs from Jenkins' global credentials: a Secret file (the kubeconfig file itself) or Secret text
 * (its content). Cluster definitions are set by administrators, so the lookup runs as SYSTEM in the root context.
 */
final class JenkinsKubeconfigLookup implements KubeconfigLookup {
    static final String KINDS = "a Secret file or Secret text holding a kubeconfig";

    @Override
    public String kubeconfig(String credentialsId) {
        StandardCredentials credentials = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(credentialsId));
        if (credentials == null) {
            throw new IllegalArgumentException("No global credentials with ID '" + credentialsId + "' (" + KINDS + ")");
        }
        if (credentials instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read secret file credentials '" + credentialsId + "'", e);
            }
        }
        if (credentials instanceof StringCredentials text) {
            return text.getSecret().getPlainText();
        }
        throw new IllegalArgumentException("Credentials '" + credentialsId + "' are not " + KINDS);
    }
}
