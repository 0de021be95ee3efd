package io.jenkins.plugins.gitopsbridge.ui;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import java.util.Collection;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.model.TransientActionFactory;
import org.jenkinsci.Symbol;

/** "GitOps applications" on a job's page: the applications its builds synced, each linked to the dashboard. */
public final class JobApplicationsAction implements Action {
    private final List<SyncedApplications.Row> rows;

    JobApplicationsAction(List<SyncedApplications.Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * The rows the current user may see: a configured application as the dashboard would show it to them; one from the
     * job's workspace, which only this job syncs, to whoever may read the job (its builds' logs say as much).
     */
    public List<SyncedApplications.Row> getRows() {
        var config = io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration.get();
        DashboardRules rules = DashboardAction.rules(config);
        java.util.Set<String> configured = new java.util.HashSet<>();
        config.getApplications().forEach(a -> configured.add(a.getName()));
        return rows.stream().filter(r -> !configured.contains(r.name()) || rules.canRead(r.name())).toList();
    }

    @Override
    public String getIconFileName() {
        return "/plugin/gitops-bridge/images/gitops.svg";
    }

    @Override
    public String getDisplayName() {
        return "GitOps applications";
    }

    @Override
    public String getUrlName() {
        return "gitops-applications";
    }

    /** Adds the action to jobs whose builds synced an application; others get none. */
    @Extension
    @Symbol("gitopsJobApplications")
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            List<SyncedApplications.Row> rows = SyncedApplications.of(ControllerService.statusDir(Jenkins.get().getRootDir()),
                    target.getFullName());
            return rows.isEmpty() ? List.of() : List.of(new JobApplicationsAction(rows));
        }
    }
}
