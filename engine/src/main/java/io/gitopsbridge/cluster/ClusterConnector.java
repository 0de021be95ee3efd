package io.gitopsbridge.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns a {@link ClusterConnection} into a {@link Cluster}, checking the configuration on the way. */
public final class ClusterConnector {
    static final String DEFAULT_NAMESPACE = "default";

    private ClusterConnector() {}

    /**
     * Builds a client for the cluster. Nothing is sent to the server yet; call {@link Cluster#verify()} to check
     * that it answers.
     *
     * @throws ClusterException when the configuration is unusable; the message says which file, context or field
     */
    public static Cluster connect(ClusterConnection connection) {
        Config config = configFor(connection.name(), connection.source());
        String namespace = connection.namespace() != null
                ? connection.namespace()
                : Objects.requireNonNullElse(config.getNamespace(), DEFAULT_NAMESPACE);
        config.setNamespace(namespace);
        config.setConnectionTimeout(Math.toIntExact(connection.connectTimeout().toMillis()));
        config.setRequestRetryBackoffLimit(connection.requestRetries());
        URI server = URI.create(config.getMasterUrl().replaceFirst("/+$", ""));
        return new Cluster(connection.name(), server, namespace, new KubernetesClientBuilder().withConfig(config).build());
    }

    private static Config configFor(String cluster, ClusterSource source) {
        if (source instanceof ClusterSource.Kubeconfig k) {
            return fromKubeconfig(cluster, k);
        }
        if (source instanceof ClusterSource.Token t) {
            return fromToken(cluster, t);
        }
        return fromServiceAccount(cluster, (ClusterSource.InCluster) source);
    }

    private static Config fromKubeconfig(String cluster, ClusterSource.Kubeconfig source) {
        String where = "kubeconfig " + source.origin() + " (cluster '" + cluster + "')";
        if (source.text().isBlank()) {
            throw new ClusterException(Cluster.capitalize(where) + " is empty");
        }
        io.fabric8.kubernetes.api.model.Config document = parse(where, source.text());
        List<String> contexts = document.getContexts() == null
                ? List.of()
                : document.getContexts().stream().map(NamedContext::getName).toList();
        String contextName = source.context() != null ? source.context() : document.getCurrentContext();
        if (contextName == null || contextName.isBlank()) {
            throw new ClusterException(Cluster.capitalize(where) + " sets no current-context; name one of: " + list(contexts));
        }
        NamedContext context = document.getContexts() == null
                ? null
                : document.getContexts().stream()
                        .filter(c -> contextName.equals(c.getName()))
                        .findFirst()
                        .orElse(null);
        if (context == null) {
            throw new ClusterException(Cluster.capitalize(where) + " has no context '" + contextName + "'; it has: " + list(contexts));
        }
        if (context.getContext() == null || context.getContext().getCluster() == null) {
            throw new ClusterException("Context '" + contextName + "' in " + where + " names no cluster");
        }
        String clusterRef = context.getContext().getCluster();
        boolean clusterDefined = document.getClusters() != null
                && document.getClusters().stream().map(NamedCluster::getName).anyMatch(clusterRef::equals);
        if (!clusterDefined) {
            throw new ClusterException("Context '" + contextName + "' in " + where + " names cluster '" + clusterRef
                    + "', which the kubeconfig does not define");
        }
        String userRef = context.getContext().getUser();
        boolean userDefined = userRef == null
                || (document.getUsers() != null
                        && document.getUsers().stream().map(NamedAuthInfo::getName).anyMatch(userRef::equals));
        if (!userDefined) {
            throw new ClusterException("Context '" + contextName + "' in " + where + " names user '" + userRef
                    + "', which the kubeconfig does not define");
        }
        if (!source.execAllowed() && document.getUsers() != null) {
            // Every user, not only the context's: with two users of one name, fabric8 takes the last one.
            for (NamedAuthInfo user : document.getUsers()) {
                if (user.getUser() != null) {
                    refuseCommands(where, user.getName(), user.getUser());
                }
            }
        }
        Config config;
        try {
            config = Config.fromKubeconfig(
                    contextName, source.text(), source.file() == null ? null : source.file().toString());
        } catch (KubernetesClientException e) {
            throw new ClusterException("Cannot use context '" + contextName + "' of " + where + ": " + e.getMessage());
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new ClusterException("Cluster '" + clusterRef + "' in " + where + " has no server URL");
        }
        return config;
    }

    /** fabric8 would run these commands on this machine to get a token. */
    private static void refuseCommands(String where, String userRef, io.fabric8.kubernetes.api.model.AuthInfo user) {
        String command = user.getExec() != null ? "exec plugin '" + user.getExec().getCommand() + "'"
                : user.getAuthProvider() != null && user.getAuthProvider().getConfig() != null
                        && user.getAuthProvider().getConfig().containsKey("cmd-path")
                        ? "auth-provider command '" + user.getAuthProvider().getConfig().get("cmd-path") + "'" : null;
        if (command != null) {
            throw new ClusterException("User '" + userRef + "' in " + where + " authenticates with an " + command
                    + ", which would run a program on this machine; use a token or client certificate, or have an"
                    + " administrator allow exec plugins for this cluster");
        }
    }

    private static io.fabric8.kubernetes.api.model.Config parse(String where, String text) {
        try {
            io.fabric8.kubernetes.api.model.Config document = KubeConfigUtils.parseConfigFromString(text);
            if (document == null) {
                throw new ClusterException(Cluster.capitalize(where) + " is empty");
            }
            return document;
        } catch (RuntimeException e) {
            if (e instanceof ClusterException ce) {
                throw ce;
            }
            throw new ClusterException(Cluster.capitalize(where) + " " + describeYamlError(e));
        }
    }

    /**
     * Says where a kubeconfig fails to parse without quoting it: YAML parsers echo the offending line, and in a
     * kubeconfig that line may hold a token or a key.
     */
    private static String describeYamlError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                String path = m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining())
                        .replaceFirst("^\\.", "");
                return "has an unexpected value at " + path + at(m.getLocation());
            }
            if (t instanceof MarkedYamlEngineException y) {
                String problem = Stream.of(y.getContext(), y.getProblem())
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining(" "));
                Mark mark = y.getProblemMark().or(y::getContextMark).orElse(null);
                return "is not valid YAML"
                        + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                        + (problem.isEmpty() ? "" : ": " + problem);
            }
            if (t instanceof JsonParseException p) {
                String problem = p.getOriginalMessage() == null
                        ? ""
                        : p.getOriginalMessage().lines()
                                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                                .collect(Collectors.joining("; "));
                return "is not valid YAML" + at(p.getLocation()) + (problem.isEmpty() ? "" : ": " + problem);
            }
            if (t instanceof JsonProcessingException p) {
                return "is not valid YAML" + at(p.getLocation());
            }
        }
        return "cannot be read as a kubeconfig (" + e.getClass().getSimpleName() + ")";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Config fromToken(String cluster, ClusterSource.Token source) {
        URI server = checkServer(cluster, source.server());
        if (source.token().isBlank()) {
            throw new ClusterException("Cluster '" + cluster + "': the token for " + server + " is empty");
        }
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString())
                .withOauthToken(source.token());
        if (source.caCertificatePem() != null) {
            builder.withCaCertData(caData(cluster, server, source.caCertificatePem()));
        }
        return builder.build();
    }

    private static Config fromServiceAccount(String cluster, ClusterSource.InCluster source) {
        String host = source.environment().get("KUBERNETES_SERVICE_HOST");
        String port = source.environment().get("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isBlank() || port == null || port.isBlank()) {
            throw new ClusterException("Cluster '" + cluster + "' uses the in-cluster service account, but this process"
                    + " is not running in a Kubernetes Pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are"
                    + " not set)");
        }
        URI server = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        Path tokenFile = source.serviceAccountDir().resolve("token");
        Path caFile = source.serviceAccountDir().resolve("ca.crt");
        Path namespaceFile = source.serviceAccountDir().resolve("namespace");
        if (!Files.isReadable(tokenFile)) {
            throw new ClusterException("Cluster '" + cluster + "': the service account token " + tokenFile
                    + " is missing or unreadable (is automountServiceAccountToken false for this Pod?)");
        }
        if (!Files.isReadable(caFile)) {
            throw new ClusterException("Cluster '" + cluster + "': the service account CA certificate " + caFile
                    + " is missing or unreadable");
        }
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString())
                .withCaCertData(caData(cluster, server, read(cluster, caFile)))
                // Bound service account tokens rotate; read the file for every request as client-go does.
                .withOauthTokenProvider(() -> read(cluster, tokenFile).trim());
        if (Files.isReadable(namespaceFile)) {
            builder.withNamespace(read(cluster, namespaceFile).trim());
        }
        return builder.build();
    }

    private static URI checkServer(String cluster, URI server) {
        String scheme = server.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || server.getHost() == null) {
            throw new ClusterException("Cluster '" + cluster + "': server URL '" + server
                    + "' is not an http(s) URL such as https://kubernetes.example.com:6443");
        }
        if (server.getUserInfo() != null) {
            throw new ClusterException("Cluster '" + cluster + "': server URL must not contain credentials; give a token");
        }
        return server;
    }

    private static String caData(String cluster, URI server, String pem) {
        byte[] bytes = pem.getBytes(StandardCharsets.UTF_8);
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)).isEmpty()) {
                throw new CertificateException("no certificate");
            }
        } catch (CertificateException e) {
            throw new ClusterException("Cluster '" + cluster + "': the CA certificate for " + server
                    + " is not a PEM-encoded X.509 certificate");
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String read(String cluster, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ClusterException("Cluster '" + cluster + "': cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "(no contexts)" : String.join(", ", names);
    }
}
