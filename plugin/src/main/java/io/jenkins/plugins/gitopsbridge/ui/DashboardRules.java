package io.jenkins.plugins.gitopsbridge.ui;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.web.Access;
import io.jenkins.plugins.gitopsbridge.security.FolderAllowList;
import java.util.List;
import java.util.function.Function;

/**
 * Who sees and acts on which application in the dashboard, from the folder rules that already say which jobs may
 * sync it (the application's allowed folders and its cluster's): administrators everything; a restricted application
 * is seen by whoever may read a folder or job whose jobs both lists admit (Item/Read) and acted on by whoever may
 * build in one (Item/Build), as those users' jobs could sync it anyway; an application open to every job on a cluster
 * open to every job is seen with Overall/Read and acted on by administrators only.
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
    private final Function<String, List<FolderAllowList>> folders;

    /**
     * @param folders the allow-lists a job must pass to sync a configured application (its own, its cluster's), by
     *     name; {@code null}: not configured
     */
    DashboardRules(Caller caller, Function<String, List<FolderAllowList>> folders) {
        this.caller = caller;
        this.folders = folders;
    }

    @Override
    public String user() {
        return caller.name();
    }

    @Override
    public boolean canRead(Application app) {
        return allowed(app.name(), false);
    }

    @Override
    public boolean canAct(Application app, Action action) {
        return allowed(app.name(), true);
    }

    /** Whether the application named {@code name} is shown to the caller. */
    boolean canRead(String name) {
        return allowed(name, false);
    }

    private boolean allowed(String name, boolean act) {
        if (caller.administer()) {
            return true;
        }
        List<FolderAllowList> lists = folders.apply(name);
        if (lists == null || !caller.overallRead()) {
            return false;
        }
        if (lists.stream().allMatch(l -> l.entries().isEmpty())) {
            return !act;
        }
        return lists.stream().flatMap(l -> l.entries().stream()).distinct()
                .anyMatch(folder -> lists.stream().allMatch(l -> reaches(l, folder)) && caller.item(folder, act));
    }

    /** Whether some job in {@code folder} (or {@code folder} itself, a job) passes {@code list}. */
    private static boolean reaches(FolderAllowList list, String folder) {
        return list.admits(folder) || list.entries().stream().anyMatch(e -> e.startsWith(folder + "/"));
    }
}
