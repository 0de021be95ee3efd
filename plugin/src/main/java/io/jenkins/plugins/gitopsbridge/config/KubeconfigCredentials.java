package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** The credential kinds that hold a kubeconfig, and reading its text out of one. */
public final class KubeconfigCredentials {
    public static final String KINDS = "a Secret file or Secret text holding a kubeconfig";

    private KubeconfigCredentials() {}

    /**
     * @throws IllegalArgumentException if the credential has another kind; the message names the ID, never content
     */
    public static String text(StandardCredentials credentials, String id) {
        if (credentials instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read secret file credentials '" + id + "'", e);
            }
        }
        if (credentials instanceof StringCredentials text) {
            return text.getSecret().getPlainText();
        }
        throw new IllegalArgumentException("Credentials '" + id + "' are not " + KINDS);
    }
}
