package io.gitopsbridge.cli;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.ResourceState;
import io.gitopsbridge.sync.SyncEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gitops-bridge diff}: what a sync would change, as a unified diff. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare an Application's desired state (rendered from Git) with the cluster and print a unified diff"
                + " of every OutOfSync resource. Secret values are masked. Exit code: 0 Synced, 1 OutOfSync, 2 Unknown or"
                + " error.")
final class DiffCommand implements Callable<Integer> {
    @CommandLine.Mixin
    AppOptions app;

    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return diff();
        } catch (RuntimeException | java.io.IOException e) {
            // Exit code 1 means OutOfSync here, so a failure to compare must not use it.
            spec.commandLine().getErr().println("gitops-bridge: " + e.getMessage());
            return 2;
        }
    }

    private int diff() throws java.io.IOException {
        Application application = app.load();
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection())) {
            Comparison c = new SyncEngine(new ClientResources(cluster.client()), EngineSettings.DEFAULTS)
                    .compare(application, app.render(application, spec.commandLine()));
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            out.print(c.diff());
            for (ResourceState r : c.resources()) {
                if (r.requiresPruning()) {
                    err.println(r.key() + ": requires pruning (in the cluster, no longer in Git)");
                }
            }
            c.conditions().forEach(cond -> err.println(cond.type() + ": " + cond.message()));
            err.println(application.name() + ": " + c.status().text() + ", " + c.health().status().text()
                    + (c.revisions().isEmpty() ? "" : " at " + String.join(", ", c.revisions())));
            return c.status() == SyncCode.SYNCED ? 0 : c.status() == SyncCode.OUT_OF_SYNC ? 1 : 2;
        }
    }
}
