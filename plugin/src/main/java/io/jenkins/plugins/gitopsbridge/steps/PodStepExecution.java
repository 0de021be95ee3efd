package io.jenkins.plugins.gitopsbridge.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.pod.PodBuilder;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs a {@link PodStep} off the CPS thread: connects to the cluster, plans, starts the Pods, follows them, and
 * completes the step once. Aborting the build deletes the Pods. After a Jenkins restart the run cannot be followed
 * again (its log stream is gone), so {@link #onResume} deletes the build's Pods and fails the step, saying so.
 */
final class PodStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gitops-bridge step");
        t.setDaemon(true);
        return t;
    });

    private final transient PodStep step;
    private final String cluster;
    private final String namespace;
    private transient volatile StepRun run;
    private transient AtomicBoolean done = new AtomicBoolean();
    private String buildIdHash;

    PodStepExecution(PodStep step, StepContext context) {
        super(context);
        this.step = step;
        this.cluster = step.getCluster();
        this.namespace = step.getNamespace();
    }

    @Override
    public boolean start() {
        THREADS.submit(this::execute);
        return false;
    }

    private void execute() {
        try {
            Run<?, ?> build = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            String root = Jenkins.get().getRootUrl();
            BuildInfo info = new BuildInfo(build.getParent().getFullName(), build.getNumber(), build.getExternalizableId(),
                    root == null ? null : root + build.getUrl());
            buildIdHash = BuildInfo.buildIdHash(info.id());
            GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
            Images images = new Images(config.getHelperImage(), config.getGitImage(), config.getKanikoImage());
            Plan plan = step.plan(new StepEnvironment(images, workspace == null ? null : new WorkspaceFiles(workspace),
                    new JenkinsCredentials(build)));
            StepRun stepRun = new StepRun(plan, info, listener.getLogger());
            run = stepRun;
            try (Cluster connected = config.connect(cluster)) {
                complete(stepRun.run(connected, namespace, images.helper()), null);
            }
        } catch (StepFailedException e) {
            complete(null, new AbortException(e.getMessage()));
        } catch (IllegalArgumentException e) {
            complete(null, new AbortException(e.getMessage()));
        } catch (Throwable t) {
            complete(null, t);
        }
    }

    private void complete(Object result, Throwable failure) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (failure == null) {
            getContext().onSuccess(result);
        } else {
            getContext().onFailure(failure);
        }
    }

    @Override
    public void stop(Throwable cause) {
        StepRun current = run;
        if (current != null) {
            current.cancel(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        complete(null, cause);
    }

    @Override
    public void onResume() {
        done = new AtomicBoolean();
        try {
            GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
            String deleted = "";
            if (buildIdHash != null) {
                try (Cluster connected = config.connect(cluster)) {
                    String ns = namespace == null ? connected.namespace() : namespace;
                    connected.client().pods().inNamespace(ns)
                            .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                            .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                            .delete();
                    connected.client().persistentVolumeClaims().inNamespace(ns)
                            .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                            .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                            .delete();
                    deleted = "; its Pods and claims in namespace " + ns + " were deleted";
                }
            }
            complete(null, new AbortException("Jenkins restarted while this step's Pods were running, and their logs"
                    + " cannot be followed again" + deleted + ". Run the build again."));
        } catch (RuntimeException e) {
            complete(null, e);
        }
    }

    @Override
    public String getStatus() {
        return run == null ? "connecting to the cluster" : "running Task Pods";
    }

    @Override
    public boolean blocksRestart() {
        return run != null && !done.get();
    }
}
