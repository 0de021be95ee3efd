package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.PodPolicy;
import io.gitopsbridge.taskrun.LogSink;
import java.io.PrintStream;
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
    private Launch launch;
    private String cancelled;

    StepRun(Plan plan, BuildInfo build, PrintStream log) {
        this.plan = plan;
        this.build = build;
        this.log = log;
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
        String ns = namespace == null ? cluster.namespace() : namespace;
        PodOptions options = PodOptions.forCluster(helperImage, cluster.verify().gitVersion()).withPolicy(policy);
        try (Launcher launcher = new Launcher(cluster.client(), options)) {
            Launch started;
            synchronized (this) {
                if (cancelled != null) {
                    throw new StepFailedException("Cancelled before any Pod was created: " + cancelled);
                }
                started = plan.start(launcher, ns, build.labels(), build.annotations(), LogSink.printing(log::println, message -> log.println(PREFIX + message)));
                launch = started;
            }
            log.println(PREFIX + "Run " + started.runName() + " in namespace " + ns + " on "
                    + cluster.server());
            Outcome outcome;
            try {
                outcome = started.outcome().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("The run " + started.runName() + " broke: " + e.getCause(), e.getCause());
            }
            log.println(PREFIX + outcome.message());
            return plan.result(outcome);
        }
    }

    /** Deletes the run's Pods (or keeps it from starting); {@link #run} then fails with this reason. */
    synchronized void cancel(String reason) {
        cancelled = reason;
        if (launch != null) {
            launch.cancel(reason);
        }
    }
}
