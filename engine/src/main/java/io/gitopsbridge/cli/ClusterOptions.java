package io.gitopsbridge.cli;

import io.gitopsbridge.cluster.ClusterConnection;
import io.gitopsbridge.cluster.ClusterSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every cluster-facing subcommand takes: a kubeconfig (with context), or a server with a token file,
 * or the in-cluster service account; and the namespace.
 */
final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: its current-context).")
    String context;

    @Option(names = "--server", paramLabel = "URL", description = "API server URL; use with --token-file.")
    URI server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding a bearer token for --server.")
    Path tokenFile;

    @Option(names = "--certificate-authority", paramLabel = "FILE", description = "PEM CA certificate for --server.")
    Path certificateAuthority;

    @Option(names = "--in-cluster", description = "Use the service account of the Pod this runs in.")
    boolean inCluster;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the context's or service account's, then 'default').")
    String namespace;

    ClusterConnection connection() throws java.io.IOException {
        if (inCluster) {
            return new ClusterConnection("in-cluster", ClusterSource.InCluster.ofThisProcess(), namespace);
        }
        if (server != null) {
            if (tokenFile == null) {
                throw new IllegalArgumentException("--server needs --token-file");
            }
            String ca = certificateAuthority == null ? null : Files.readString(certificateAuthority);
            return new ClusterConnection(server.getHost(), new ClusterSource.Token(server, Files.readString(tokenFile).trim(), ca), namespace);
        }
        Path file = kubeconfig;
        if (file == null) {
            String env = System.getenv("KUBECONFIG");
            file = env != null && !env.isBlank()
                    ? Path.of(env.split(java.io.File.pathSeparator)[0])
                    : Path.of(System.getProperty("user.home"), ".kube", "config");
        }
        return new ClusterConnection(context != null ? context : "kubeconfig", ClusterSource.Kubeconfig.ofFile(file, context), namespace);
    }
}
