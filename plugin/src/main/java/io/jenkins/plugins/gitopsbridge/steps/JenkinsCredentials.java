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
    public String type(String id) {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, build, List.of());
        if (c == null) {
            return null;
        }
        if (c instanceof StandardUsernamePasswordCredentials) {
            return "usernamePassword";
        }
        if (c instanceof com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey) {
            return "sshUserPrivateKey";
        }
        if (c instanceof org.jenkinsci.plugins.plaincredentials.StringCredentials) {
            return "string";
        }
        if (c instanceof org.jenkinsci.plugins.plaincredentials.FileCredentials) {
            return "file";
        }
        return c.getClass().getSimpleName();
    }

    @Override
    public String secretText(String id) {
        org.jenkinsci.plugins.plaincredentials.StringCredentials c = CredentialsProvider.findCredentialById(id,
                org.jenkinsci.plugins.plaincredentials.StringCredentials.class, build, List.of());
        if (c == null) {
            return CredentialsLookup.super.secretText(id);
        }
        CredentialsProvider.track(build, c);
        return c.getSecret().getPlainText();
    }

    @Override
    public SshKey sshKey(String id) {
        com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey c = CredentialsProvider.findCredentialById(id,
                com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey.class, build, List.of());
        if (c == null || c.getPrivateKeys().isEmpty()) {
            return CredentialsLookup.super.sshKey(id);
        }
        CredentialsProvider.track(build, c);
        String key = c.getPrivateKeys().get(0);
        return new SshKey(c.getUsername(), key.endsWith("\n") ? key : key + "\n",
                c.getPassphrase() == null ? "" : c.getPassphrase().getPlainText());
    }

    @Override
    public byte[] secretFile(String id) {
        org.jenkinsci.plugins.plaincredentials.FileCredentials c = CredentialsProvider.findCredentialById(id,
                org.jenkinsci.plugins.plaincredentials.FileCredentials.class, build, List.of());
        if (c == null) {
            return CredentialsLookup.super.secretFile(id);
        }
        CredentialsProvider.track(build, c);
        try (java.io.InputStream in = c.getContent()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read Secret file credentials '" + id + "': " + e.getMessage(), e);
        }
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
