package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRollback}: as {@code argocd app rollback}, syncs a configured application to the revision of one of
 * its history entries; refused while its automated sync is on. Returns the status as {@code gitopsSync} does.
 */
public class GitOpsRollbackStep extends Step {
    private final String application;
    private final int id;
    private boolean prune;
    private boolean waitForHealthy = true;
    private String timeout;

    @DataBoundConstructor
    public GitOpsRollbackStep(String application, int id) {
        this.application = PodStep.blankToNull(application);
        this.id = id;
    }

    public String getApplication() {
        return application;
    }

    /** The history entry's id, as the application's status lists its deployments. */
    public int getId() {
        return id;
    }

    public boolean isPrune() {
        return prune;
    }

    @DataBoundSetter
    public void setPrune(boolean prune) {
        this.prune = prune;
    }

    public boolean isWaitForHealthy() {
        return waitForHealthy;
    }

    @DataBoundSetter
    public void setWaitForHealthy(boolean waitForHealthy) {
        this.waitForHealthy = waitForHealthy;
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = PodStep.blankToNull(timeout);
    }

    /** The same sync of the same application, which resolves it, its cluster and its options as gitopsSync does. */
    GitOpsSyncStep asSync() {
        GitOpsSyncStep sync = new GitOpsSyncStep();
        sync.setApplication(application);
        sync.setPrune(prune);
        sync.setWaitForHealthy(waitForHealthy);
        sync.setTimeout(timeout);
        return sync;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new GitOpsSyncStep.Execution(asSync(), "gitopsRollback", (long) id, context);
    }

    @Extension
    @Symbol("gitopsRollback")
    public static class DescriptorImpl extends ControllerStepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll a GitOps application back to an earlier deployment";
        }
    }
}
