package io.gitopsbridge.cli;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.gitopsbridge.tekton.GoDuration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitops-bridge sync}: one sync of an Application, as {@code argocd app sync} would do it. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Sync an Application into a cluster: apply in phase, wave, kind and name order with hooks, wait for"
                + " each wave to be healthy, and prune with --prune. Exit code: 0 succeeded, 1 failed.")
final class SyncCommand implements Callable<Integer> {
    @CommandLine.Mixin
    AppOptions app;

    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--prune", description = "Delete resources this application tracks that Git no longer has.")
    boolean prune;

    @Option(names = "--dry-run", description = "Print the plan; change nothing.")
    boolean dryRun;

    @Option(names = "--allow-empty", description = "Allow pruning every resource when Git has none for the application.")
    boolean allowEmpty;

    @Option(names = "--refuse-untracked", description = "Stop, instead of adopting an object that exists without any"
            + " application's tracking (Argo CD adopts it).")
    boolean refuseUntracked;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long the whole operation may take: render, comparison, writes, waves and hooks (default:"
            + " ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--projects-namespace", description = "Enforce the AppProjects kept in this namespace of the cluster (Argo CD"
            + " keeps them in argocd) before any write; without it no project is enforced.")
    String projectsNamespace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Application application = app.load();
        java.time.Duration limit = GoDuration.parse(timeout);
        if (limit.isZero() || limit.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout " + timeout + ": must be more than zero");
        }
        SyncRequest request = SyncRequest.DEFAULT.withPrune(prune).withDryRun(dryRun).withAllowEmpty(allowEmpty ? true : null)
                .withTimeout(limit);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        java.time.Instant start = java.time.Instant.now();
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection())) {
            var target = app.render(application, spec.commandLine(), request.timeout());
            io.gitopsbridge.app.Projects projects = projectsNamespace == null ? io.gitopsbridge.app.Projects.UNENFORCED
                    : io.gitopsbridge.app.Projects.fromCluster(cluster.client(), projectsNamespace);
            SyncResult r = new SyncEngine(new ClientResources(cluster.client()),
                    refuseUntracked ? EngineSettings.DEFAULTS.refusingUntracked() : EngineSettings.DEFAULTS,
                    java.time.Clock.systemUTC(), projects)
                    .sync(application, target, request.remainingAfter(start).by(System.getProperty("user.name", "")), err::println);
            out.print(r.plan());
            out.println(r.message());
            if (!dryRun) {
                app.save(r.status());
                out.println(application.name() + ": " + r.status().sync().status().text() + ", " + r.status().health().status().text());
            }
            return r.succeeded() ? 0 : 1;
        }
    }
}
