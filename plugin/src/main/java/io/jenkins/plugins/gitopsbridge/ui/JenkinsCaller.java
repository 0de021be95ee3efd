package io.jenkins.plugins.gitopsbridge.ui;

import hudson.model.Item;
import jenkins.model.Jenkins;

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
        // Null also when the caller may not read it: an item they cannot see grants nothing.
        Item item = Jenkins.get().getItemByFullName(fullName);
        return item != null && item.hasPermission(build ? Item.BUILD : Item.READ);
    }
}
