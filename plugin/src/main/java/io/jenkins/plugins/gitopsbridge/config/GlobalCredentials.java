package io.jenkins.plugins.gitopsbridge.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
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

    /**
     * The global credentials {@code matcher} accepts, for a form's select; listed for administrators only (others see
     * the current ID alone), with the current ID marked when it is not found.
     */
    public static ListBoxModel items(String current, CredentialsMatcher matcher) {
        ListBoxModel items = new ListBoxModel();
        items.add("- none -", "");
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            if (current != null && !current.isBlank()) {
                items.add(current, current);
            }
            return items;
        }
        ListBoxModel available = CredentialsProvider.listCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(),
                ACL.SYSTEM2, List.of(), matcher);
        items.addAll(available);
        if (current != null && !current.isBlank() && available.stream().noneMatch(o -> current.equals(o.value))) {
            items.add(current + " (not found)", current);
        }
        return items;
    }
}
