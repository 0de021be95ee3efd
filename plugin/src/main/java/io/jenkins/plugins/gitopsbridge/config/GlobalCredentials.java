package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.security.ACL;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * Jenkins' global credentials, for what administrators configure (clusters, applications): read as SYSTEM in the
 * root context, since no build asks for them.
 */
public final class GlobalCredentials {
    private GlobalCredentials() {}

    /** The credential of this type and ID, or {@code null}. */
    public static <C extends IdCredentials> C byId(Class<C> type, String id) {
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
    }
}
