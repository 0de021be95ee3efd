package io.jenkins.plugins.gitopsbridge.steps;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnection;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.cluster.ClusterSource;
import io.gitopsbridge.pod.PodPolicy;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.taskrun.Resume;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import java.io.File;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link PodStep}: connects to the cluster, plans, starts the Pods and follows them. Aborting the build
 * deletes the Pods. After a Jenkins restart ({@link #onResume}) it finds its Pod by the build's and the step's labels,
 * plans the same run again, and follows the running attempt to its end, showing only the log lines the build log
 * does not have yet. A Pipeline run cannot be followed again (its schedule lived in the process that stopped): its
 * Pods are deleted and the step fails, saying so.
 */
final class PodStepExecution extends BackgroundStepExecution {
    private static final long serialVersionUID = 2L;

    // Everything below is fixed before the execution is first saved (on the CPS thread), so a restart always finds
    // what it needs to take the run over.
    private final PodStep step;
    private final String cluster;
    private final String namespace;
    private final String job;
    private final String buildIdHash;
    private final String stepId;
    private transient volatile StepRun run;
    private transient volatile String cancelled;

    PodStepExecution(PodStep step, StepContext context) throws java.io.IOException, InterruptedException {
        super(context);
        this.step = step;
        this.cluster = step.getCluster();
        this.namespace = step.getNamespace();
        Run<?, ?> build = context.get(Run.class);
        this.job = build.getParent().getFullName();
        this.buildIdHash = BuildInfo.buildIdHash(build.getExternalizableId());
        this.stepId = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    Object work() throws Exception {
        step.validate();
        return follow(null);
    }

    /** Plans the run and runs it, or with {@code resume} takes over the one started before a restart. */
    private Object follow(Resume resume) throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        FilePath workspace = getContext().get(FilePath.class);
        GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
        Images images = new Images(config.helperImageOrDefault(), config.getGitImage(), config.getKanikoImage());
        SecretMask mask = new SecretMask();
        hudson.EnvVars buildEnv = getContext().get(hudson.EnvVars.class);
        Plan plan = step.plan(new StepEnvironment(images, workspace == null ? null : new WorkspaceFiles(workspace),
                mask.recording(new JenkinsCredentials(build)), buildEnv == null ? java.util.Map.of() : java.util.Map.copyOf(buildEnv),
                new JenkinsBuildFiles(build, listener)));
        LogProgress progress = LogProgress.in(progressFile(build));
        StepRun stepRun = new StepRun(plan, BuildInfo.of(build), listener.getLogger(), stepId, progress, mask);
        run = stepRun;
        if (cancelled != null) {
            // Aborted while connecting or, after a restart, while looking for the Pod: stop it as soon as it is known.
            stepRun.cancel(cancelled);
        }
        try (Cluster connected = connect(build)) {
            return stepRun.run(connected, namespace, images.helper(), policy(), resume);
        }
    }

    /**
     * The cluster: the global configuration's (which the job's folder must be allowed to use), or one from a
     * kubeconfig credential the build may use, which runs no exec plugin.
     */
    private Cluster connect(Run<?, ?> build) {
        String id = step.getKubeconfigCredentialsId();
        GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
        if (id == null) {
            return config.connect(config.clusterFor(cluster, job));
        }
        if (cluster != null) {
            throw new IllegalArgumentException("Give cluster (from the global configuration) or kubeconfigCredentialsId"
                    + " (a credential of this job's folder), not both");
        }
        refuseConfiguredCredentials(config.getClusters(), id);
        return ClusterConnector.connect(kubeconfigConnection(id, new JenkinsCredentials(build)));
    }

    /** Else a job could reach an administrator's cluster around its folder restrictions. */
    static void refuseConfiguredCredentials(List<ClusterDefinition> clusters, String id) {
        for (ClusterDefinition configured : clusters) {
            if (id.equals(configured.getCredentialsId())) {
                throw new IllegalArgumentException("Credentials '" + id + "' are the kubeconfig of cluster '"
                        + configured.getName() + "'; name cluster: '" + configured.getName() + "' instead");
            }
        }
    }

    /** The connection a kubeconfig credential of the build's describes; exec plugins refused. */
    static ClusterConnection kubeconfigConnection(String id, CredentialsLookup credentials) {
        return new ClusterConnection(id, ClusterSource.Kubeconfig.ofText("credentials '" + id + "'",
                credentials.kubeconfig(id), null).withoutExec(), null);
    }

    /** A folder's own kubeconfig gets the defaults an administrator's cluster has: baseline Pods. */
    private PodPolicy policy() {
        String id = step.getKubeconfigCredentialsId();
        return id == null ? GitOpsBridgeConfiguration.get().clusterFor(cluster, job).podPolicy()
                : new PodPolicy(id, java.util.Set.of(), java.util.Set.of(), PodPolicy.Level.BASELINE);
    }

    private java.nio.file.Path progressFile(Run<?, ?> build) {
        return new File(build.getRootDir(), "gitops-bridge/" + stepId + ".lines").toPath();
    }

    @Override
    void cancel(String reason) {
        cancelled = reason;
        StepRun current = run;
        if (current != null) {
            current.cancel(reason);
        }
    }

    @Override
    public void onResume() {
        inBackground(this::resume);
    }

    private Object resume() throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        Resume point;
        String ns;
        try (Cluster connected = connect(build)) {
            ns = namespace == null ? connected.namespace() : namespace;
            point = StepRun.resumePoint(connected.client(), ns, buildIdHash, stepId,
                    LogProgress.in(progressFile(build)));
            if (point == null) {
                deleteLeftovers(connected.client(), ns);
                throw new StepFailedException("Jenkins restarted while this step was starting, and it has no Pod in"
                        + " namespace " + ns + " to follow; its claims and credential Secrets were deleted. Run the"
                        + " build again.");
            }
        }
        try {
            return follow(point);
        } catch (IllegalArgumentException e) {
            try (Cluster connected = connect(build)) {
                deleteLeftovers(connected.client(), ns);
            }
            throw new StepFailedException("Jenkins restarted while this step's Pods were running, and they cannot be"
                    + " followed again (" + e.getMessage() + "); its Pods, claims and credential Secrets in namespace "
                    + ns + " were deleted. Run the build again.");
        }
    }

    /** This step's Pods, claims and per-run Secrets. */
    private void deleteLeftovers(KubernetesClient client, String ns) {
        for (var kind : List.of(client.pods(), client.persistentVolumeClaims(), client.secrets())) {
            kind.inNamespace(ns).withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash).withLabel(BuildInfo.LABEL_STEP, stepId)
                    .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge").delete();
        }
    }

    /** A Pipeline run cannot be followed after a restart, so a safe restart waits for it; a Task run can. */
    @Override
    public boolean blocksRestart() {
        StepRun current = run;
        return current != null && !current.resumable() && !isDone();
    }

    @Override
    public String getStatus() {
        return run == null ? "connecting to the cluster" : "running Task Pods";
    }
}
