package io.jenkins.plugins.gitopsbridge.ui;

import hudson.model.Item;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;

/** The user of the current request, as Jenkins' security sees them. */
final class JenkinsCaller implements DashboardRules.Caller {
    @Override
    public String name() {
        return Jenkins.getAuthentication2().getName();
    }

    @Override
    public boolean administer() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    @Override
    public boolean overallRead() {
        return Jenkins.get().hasPermission(Jenkins.READ);
    }

    @Override
    public boolean item(String fullName, boolean build) {
        // Null when the caller may not read it, refused when they may only discover it: either way it grants nothing.
        try {
            Item item = Jenkins.get().getItemByFullName(fullName);
            return item != null && item.hasPermission(build ? Item.BUILD : Item.READ);
        } catch (AccessDeniedException discoverOnly) {
            return false;
        }
    }
}
