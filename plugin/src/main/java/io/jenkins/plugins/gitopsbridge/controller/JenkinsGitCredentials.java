package io.jenkins.plugins.gitopsbridge.controller;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import io.gitopsbridge.git.GitAuth;
import io.jenkins.plugins.gitopsbridge.config.GlobalCredentials;
import java.util.function.Function;

/**
 * The Git credentials of configured applications, from Jenkins' global credentials: applications are set by
 * administrators and the controller runs for no build.
 */
final class JenkinsGitCredentials implements Function<String, GitAuth> {
    /** @throws IllegalArgumentException if there is no such global username-with-password credential */
    @Override
    public GitAuth apply(String id) {
        StandardUsernamePasswordCredentials c = GlobalCredentials.byId(StandardUsernamePasswordCredentials.class, id);
        if (c == null) {
            throw new IllegalArgumentException("No global 'Username with password' credentials with ID '" + id + "'");
        }
        return new GitAuth.UsernamePassword(c.getUsername(), c.getPassword().getPlainText());
    }
}
