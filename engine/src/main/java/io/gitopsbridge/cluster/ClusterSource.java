package io.gitopsbridge.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Where a cluster's address and credentials come from. */
public sealed interface ClusterSource permits ClusterSource.Kubeconfig, ClusterSource.Token, ClusterSource.InCluster {

    /**
     * A kubeconfig document.
     *
     * @param origin where the text came from, for messages: a file path or a credentials ID; never the text itself
     * @param text the kubeconfig YAML
     * @param context the context to use, or {@code null} for the document's {@code current-context}
     * @param file the file the text was read from, against which relative certificate paths resolve; or {@code null}
     * @param execAllowed whether its user may authenticate with an {@code exec} plugin or a command-running
     *     {@code auth-provider}: those run a program on this machine, which a CLI user's own kubeconfig may and a
     *     kubeconfig stored in a server's credentials may only when an administrator says so
     */
    record Kubeconfig(String origin, String text, String context, Path file, boolean execAllowed) implements ClusterSource {
        public Kubeconfig {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(text, "text");
            context = blankToNull(context);
        }

        /** A kubeconfig held in memory; {@code origin} names it in messages. */
        public static Kubeconfig ofText(String origin, String text, String context) {
            return new Kubeconfig(origin, text, context, null, true);
        }

        /** This kubeconfig, refusing exec plugins and command-running auth providers. */
        public Kubeconfig withoutExec() {
            return new Kubeconfig(origin, text, context, file, false);
        }

        /** Reads a kubeconfig file. */
        public static Kubeconfig ofFile(Path file, String context) {
            Path absolute = file.toAbsolutePath().normalize();
            try {
                return new Kubeconfig("file " + absolute, Files.readString(absolute), context, absolute, true);
            } catch (NoSuchFileException e) {
                throw new ClusterException("Cannot read kubeconfig file " + absolute + ": it does not exist");
            } catch (AccessDeniedException e) {
                throw new ClusterException("Cannot read kubeconfig file " + absolute + ": permission denied");
            } catch (MalformedInputException e) {
                throw new ClusterException("Cannot read kubeconfig file " + absolute + ": it is not UTF-8 text");
            } catch (IOException e) {
                throw new ClusterException("Cannot read kubeconfig file " + absolute + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Kubeconfig[origin=" + origin + ", context=" + context + "]";
        }
    }

    /**
     * An API server URL with a bearer token.
     *
     * @param server the API server URL, {@code https://host:port}
     * @param token the bearer token
     * @param caCertificatePem the PEM certificate(s) to trust for the server, or {@code null} for the JVM's trust store
     */
    record Token(URI server, String token, String caCertificatePem) implements ClusterSource {
        public Token {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(token, "token");
            caCertificatePem = blankToNull(caCertificatePem);
        }

        @Override
        public String toString() {
            return "Token[server=" + server + ", token=****, ca=" + (caCertificatePem != null) + "]";
        }
    }

    /**
     * The service account of the Pod this process runs in.
     *
     * @param environment the process environment ({@code KUBERNETES_SERVICE_HOST}, {@code KUBERNETES_SERVICE_PORT})
     * @param serviceAccountDir the directory holding {@code token}, {@code ca.crt} and {@code namespace}
     */
    record InCluster(Map<String, String> environment, Path serviceAccountDir) implements ClusterSource {
        public static final Path DEFAULT_SERVICE_ACCOUNT_DIR =
                Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

        public InCluster {
            environment = Map.copyOf(environment);
            Objects.requireNonNull(serviceAccountDir, "serviceAccountDir");
        }

        /** The service account as Kubernetes mounts it into this process's Pod. */
        public static InCluster ofThisProcess() {
            return new InCluster(System.getenv(), DEFAULT_SERVICE_ACCOUNT_DIR);
        }

        @Override
        public String toString() {
            return "InCluster[" + serviceAccountDir + "]";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
