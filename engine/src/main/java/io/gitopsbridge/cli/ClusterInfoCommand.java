package io.gitopsbridge.cli;

import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.cluster.ServerInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gitops-bridge cluster-info}: connects and reports, proving the connection settings. */
@Command(name = "cluster-info", mixinStandardHelpOptions = true,
        description = "Connect to a cluster and print its server, Kubernetes version and namespace.")
final class ClusterInfoCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection())) {
            ServerInfo info = cluster.verify();
            var out = spec.commandLine().getOut();
            out.println("server:     " + cluster.server());
            out.println("version:    " + info.gitVersion() + " (" + info.platform() + ")");
            out.println("namespace:  " + cluster.namespace());
        }
        return 0;
    }
}
