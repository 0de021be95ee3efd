package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/** Stub of plain-credentials 183.va_de8f1dd5a_2b_ {@code src/main/java/org/jenkinsci/plugins/plaincredentials/StringCredentials.java}. */
public interface StringCredentials extends StandardCredentials {
    @NonNull
    Secret getSecret();
}
