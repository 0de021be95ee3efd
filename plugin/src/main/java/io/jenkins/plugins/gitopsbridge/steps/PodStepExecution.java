package io.jenkins.plugins.gitopsbridge.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.pod.PodBuilder;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link PodStep}: connects to the cluster, plans, starts the Pods and follows them. Aborting the build
 * deletes the Pods. After a Jenkins restart the run cannot be followed again (its log streams are gone), so
 * {@link #onResume} deletes the build's Pods and fails the step, saying so.
 */
final class PodStepExecution extends BackgroundStepExecution {
    private static final long serialVersionUID = 1L;

    private final transient PodStep step;
    private final String cluster;
    private final String namespace;
    private transient volatile StepRun run;
    // Set before the execution is first saved (on the CPS thread), so a restart's clean-up always finds the build.
    private final String job;
    private final String buildIdHash;

    PodStepExecution(PodStep step, StepContext context) throws java.io.IOException, InterruptedException {
        super(context);
        this.step = step;
        this.cluster = step.getCluster();
        this.namespace = step.getNamespace();
        Run<?, ?> build = context.get(Run.class);
        this.job = build.getParent().getFullName();
        this.buildIdHash = BuildInfo.buildIdHash(build.getExternalizableId());
    }

    @Override
    Object work() throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        FilePath workspace = getContext().get(FilePath.class);
        BuildInfo info = BuildInfo.of(build);
        GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
        ClusterDefinition definition = config.clusterFor(cluster, job);
        Images images = new Images(config.helperImageOrDefault(), config.getGitImage(), config.getKanikoImage());
        step.validate();
        Plan plan = step.plan(new StepEnvironment(images, workspace == null ? null : new WorkspaceFiles(workspace),
                new JenkinsCredentials(build)));
        StepRun stepRun = new StepRun(plan, info, listener.getLogger());
        run = stepRun;
        try (Cluster connected = config.connect(definition)) {
            return stepRun.run(connected, namespace, images.helper(), definition.podPolicy());
        }
    }

    @Override
    void cancel(String reason) {
        StepRun current = run;
        if (current != null) {
            current.cancel(reason);
        }
    }

    @Override
    public void onResume() {
        try {
            String deleted = "";
            if (buildIdHash != null) {
                GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
                try (Cluster connected = config.connect(config.clusterFor(cluster, job))) {
                    String ns = namespace == null ? connected.namespace() : namespace;
                    connected.client().pods().inNamespace(ns)
                            .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                            .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                            .delete();
                    connected.client().persistentVolumeClaims().inNamespace(ns)
                            .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                            .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                            .delete();
                    connected.client().secrets().inNamespace(ns)
                            .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                            .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                            .delete();
                    deleted = "; its Pods, claims and credential Secrets in namespace " + ns + " were deleted";
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
        return run != null && !isDone();
    }
}
