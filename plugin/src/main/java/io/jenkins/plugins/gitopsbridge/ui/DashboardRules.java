package io.jenkins.plugins.gitopsbridge.ui;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.web.Access;
import io.jenkins.plugins.gitopsbridge.security.FolderAllowList;
import java.util.function.Function;

/**
 * Who sees and acts on which application in the dashboard, from the folder rules that already say which jobs may
 * use it: administrators everything; an application with allowed folders is seen by whoever may read one of those
 * folders (Item/Read) and acted on by whoever may build in one (Item/Build), as those users' jobs could sync it
 * anyway; an application open to every job is seen with Overall/Read and acted on by administrators only.
 */
final class DashboardRules implements Access {
    /** What the caller may do in Jenkins: the port to its permissions. */
    interface Caller {
        String name();

        boolean administer();

        boolean overallRead();

        /** Whether the item with {@code fullName} exists and the caller has Item/Read (build: Item/Build) on it. */
        boolean item(String fullName, boolean build);
    }

    private final Caller caller;
    private final Function<String, FolderAllowList> folders;

    /** @param folders the allowed folders of a configured application, by name ({@code null}: not configured) */
    DashboardRules(Caller caller, Function<String, FolderAllowList> folders) {
        this.caller = caller;
        this.folders = folders;
    }

    @Override
    public String user() {
        return caller.name();
    }

    @Override
    public boolean canRead(Application app) {
        return allowed(app, false);
    }

    @Override
    public boolean canAct(Application app, Action action) {
        return allowed(app, true);
    }

    private boolean allowed(Application app, boolean act) {
        if (caller.administer()) {
            return true;
        }
        FolderAllowList list = folders.apply(app.name());
        if (list == null || !caller.overallRead()) {
            return false;
        }
        if (list.entries().isEmpty()) {
            return !act;
        }
        return list.entries().stream().anyMatch(folder -> caller.item(folder, act));
    }
}
