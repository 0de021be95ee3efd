package io.jenkins.plugins.gitopsbridge.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import java.util.List;

/**
 * Credentials as the build may use them: the lookup honours folder-scoped credentials and the build's
 * authentication, and records the use on the credential ({@code track}).
 */
final class JenkinsCredentials implements CredentialsLookup {
    private final Run<?, ?> build;

    JenkinsCredentials(Run<?, ?> build) {
        this.build = build;
    }

    @Override
    public UserPass usernamePassword(String id) {
        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById(
                id, StandardUsernamePasswordCredentials.class, build, List.of());
        if (c == null) {
            throw new IllegalArgumentException("No 'Username with password' credentials with ID '" + id
                    + "' are available to this build");
        }
        CredentialsProvider.track(build, c);
        return new UserPass(c.getUsername(), c.getPassword().getPlainText());
    }

    @Override
    public String kubeconfig(String id) {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, build, List.of());
        if (c == null) {
            throw new IllegalArgumentException("No Secret file or Secret text credentials with ID '" + id
                    + "' are available to this build");
        }
        CredentialsProvider.track(build, c);
        return io.jenkins.plugins.gitopsbridge.config.KubeconfigCredentials.text(c, id);
    }
}
