package io.jenkins.plugins.gitopsbridge.steps;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.PodPolicy;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Resume;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * One step's run on a connected cluster, with its output in the build log. Jenkins-free: the execution hands it
 * the cluster and the log; tests hand it a test API server.
 */
final class StepRun {
    static final String PREFIX = "[gitops-bridge] ";
    private final Plan plan;
    private final BuildInfo build;
    private final PrintStream log;
    private final Map<String, String> labels;
    private final LogProgress progress;
    private final java.util.function.UnaryOperator<String> mask;
    private Launch launch;
    private String cancelled;

    StepRun(Plan plan, BuildInfo build, PrintStream log) {
        this(plan, build, log, null, null, text -> text);
    }

    /**
     * @param stepId labels the step's Pods, so that after a restart the step finds its own among the build's
     * @param progress where the lines shown are counted, or {@code null}
     * @param mask applied to every line printed: hides the secrets the step fetched
     */
    StepRun(Plan plan, BuildInfo build, PrintStream log, String stepId, LogProgress progress,
            java.util.function.UnaryOperator<String> mask) {
        this.plan = plan;
        this.build = build;
        this.log = log;
        this.progress = progress;
        this.mask = mask;
        Map<String, String> all = new java.util.LinkedHashMap<>(build.labels());
        if (stepId != null) {
            all.put(BuildInfo.LABEL_STEP, stepId);
        }
        this.labels = all;
    }

    /**
     * Runs the plan to its end.
     *
     * @param namespace where the Pods run, or {@code null} for the cluster's namespace
     * @param policy what the cluster's administrator allows the Pods
     * @return the step's return value
     * @throws StepFailedException if the run failed, timed out or was cancelled
     */
    Object run(Cluster cluster, String namespace, String helperImage, PodPolicy policy)
            throws StepFailedException, InterruptedException {
        return run(cluster, namespace, helperImage, policy, null);
    }

    /**
     * Runs the plan to its end, or with {@code resume} follows the run a process before a Jenkins restart started.
     *
     * @throws IllegalArgumentException if the run cannot be taken over (a Pipeline's)
     */
    Object run(Cluster cluster, String namespace, String helperImage, PodPolicy policy, Resume resume)
            throws StepFailedException, InterruptedException {
        String ns = namespace == null ? cluster.namespace() : namespace;
        PodOptions options = PodOptions.forCluster(helperImage, cluster.verify().gitVersion()).withPolicy(policy);
        LogSink printing = LogSink.printing(this::print, message -> print(PREFIX + message));
        LogSink sink = progress == null ? printing : progress.counting(printing, log::flush);
        try (Launcher launcher = new Launcher(cluster.client(), options)) {
            Launch started;
            synchronized (this) {
                if (cancelled != null && resume == null) {
                    throw new StepFailedException("Cancelled before any Pod was created: " + cancelled);
                }
                started = plan.start(launcher, ns, labels, build.annotations(), sink, resume);
                launch = started;
                if (cancelled != null) {
                    // The Pod taken over after a restart exists already: cancelling deletes it.
                    started.cancel(cancelled);
                }
            }
            print(PREFIX + (resume == null ? "Run " + started.runName() + " in namespace " + ns + " on "
                    + cluster.server() : "Following run " + started.runName() + " in namespace " + ns + " again after"
                    + " a Jenkins restart"));
            Outcome outcome;
            try {
                outcome = started.outcome().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IllegalArgumentException user) {
                    throw new StepFailedException(mask.apply(user.getMessage()));
                }
                throw new IllegalStateException("The run " + started.runName() + " broke: " + e.getCause(), e.getCause());
            }
            print(PREFIX + outcome.message());
            for (String line : plan.summary(outcome)) {
                print(PREFIX + line);
            }
            if (progress != null) {
                progress.delete();
            }
            try {
                return plan.result(outcome);
            } catch (StepFailedException e) {
                // A failed step's message ends with its log's tail, which may hold a secret the step printed.
                throw new StepFailedException(mask.apply(e.getMessage()));
            }
        }
    }

    /**
     * Where the step's run stands, from its Pods: the newest attempt of the run the step's Pods belong to, and the
     * lines the build log has of it; {@code null} when the step has no Pod.
     */
    static Resume resumePoint(KubernetesClient client, String namespace, String buildIdHash, String stepId,
            LogProgress progress) {
        Pod latest = client.pods().inNamespace(namespace)
                .withLabel(BuildInfo.LABEL_BUILD_ID, buildIdHash)
                .withLabel(BuildInfo.LABEL_STEP, stepId)
                .withLabel(PodBuilder.MANAGED_BY, "gitops-bridge")
                .list().getItems().stream()
                .max(Comparator.comparingInt(StepRun::attempt))
                .orElse(null);
        return latest == null ? null
                : new Resume(latest.getMetadata().getLabels().get(PodBuilder.LABEL_RUN), attempt(latest),
                        progress.shown(attempt(latest)));
    }

    private static int attempt(Pod pod) {
        String value = pod.getMetadata().getLabels().get(PodBuilder.LABEL_ATTEMPT);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private void print(String line) {
        log.println(mask.apply(line));
    }

    /** Whether the run can be followed again after a restart. */
    boolean resumable() {
        return plan.resumable();
    }

    /** Deletes the run's Pods (or keeps it from starting); {@link #run} then fails with this reason. */
    synchronized void cancel(String reason) {
        cancelled = reason;
        if (launch != null) {
            launch.cancel(reason);
        }
    }
}
