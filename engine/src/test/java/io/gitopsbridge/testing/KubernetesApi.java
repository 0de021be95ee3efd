package io.gitopsbridge.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (real HTTP, real client) with the CRDs of
 * {@code argoproj.io} (Application, AppProject) and {@code tekton.dev} (Task, TaskRun, Pipeline, PipelineRun)
 * registered, so generic clients, discovery and label selectors work for them.
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension static final KubernetesApi api = KubernetesApi.http();})
 * or start and close it yourself. The mock has known gaps (no server-side apply, no strategic merge, no
 * controllers; see shared/reference/test-infrastructure.md): code under test must not know it talks to a mock. Server-side
 * dry runs are answered as the API server does ({@link ApiServerDispatcher}), not written.
 */
public final class KubernetesApi implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** The version {@code GET /version} reports. */
    public static final String GIT_VERSION = "v1.31.4";

    private final boolean https;
    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;

    private KubernetesApi(boolean https) {
        this.https = https;
    }

    /** A plain-HTTP API server, reachable with any bearer token. */
    public static KubernetesApi http() {
        return new KubernetesApi(false);
    }

    /** An HTTPS API server with a self-signed certificate that no CA in the tests vouches for. */
    public static KubernetesApi https() {
        return new KubernetesApi(true);
    }

    /** Starts the server (if not started) and registers the CRDs. */
    public KubernetesApi start() {
        if (server != null) {
            return this;
        }
        // Expectations are added while requests are served (TestKubelet serves each container's log as it starts),
        // from several threads: a plain HashMap throws ConcurrentModificationException from computeIfAbsent.
        Map<ServerRequest, Queue<ServerResponse>> responses = new java.util.concurrent.ConcurrentHashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new ApiServerDispatcher(responses), https);
        server.setVersionInfo(new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("31")
                .withGitVersion(GIT_VERSION)
                .withPlatform("linux/amd64")
                .build());
        server.init();
        client = server.createClient();
        for (CustomResourceDefinition crd : crds()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        return this;
    }

    public KubernetesMockServer server() {
        return server;
    }

    /**
     * The requests the server received since the last call, as {@code METHOD path} lines, oldest first; the first
     * call returns everything since start.
     */
    public List<String> takeRequests() throws InterruptedException {
        List<String> out = new ArrayList<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            out.add(r.getMethod() + " " + r.getPath());
        }
        return out;
    }

    /** A client that trusts the server, in namespace {@code test}. */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The server's base URL, such as {@code http://localhost:40123}. */
    public URI url() {
        String url = server.url("/");
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * A kubeconfig for this server with one context {@code mock} (and {@code other}, pointing nowhere) that
     * authenticates with {@code token}.
     */
    public String kubeconfig(String token, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                      insecure-skip-tls-verify: %s
                  - name: other
                    cluster:
                      server: https://127.0.0.1:1
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: tester
                      namespace: %s
                  - name: other
                    context:
                      cluster: other
                      user: tester
                users:
                  - name: tester
                    user:
                      token: %s
                """
                .formatted(url(), https, namespace, token);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            try {
                server.destroy();
            } catch (IllegalStateException e) {
                // Vert.x closes within a fixed few seconds; on a loaded machine it may not, after every test passed.
                // The server's port and threads go with the JVM; what the tests proved stands.
                System.err.println("Warning: the mock API server did not close in time: " + e.getMessage());
            }
            server = null;
        }
    }

    /** The CRDs registered on start, as their projects publish them (structural schemas left open). */
    public static List<CustomResourceDefinition> crds() {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        crds.add(crd("argoproj.io", "Application", "applications", List.of("app", "apps"), false, "v1alpha1"));
        crds.add(crd("argoproj.io", "AppProject", "appprojects", List.of("appproj", "appprojs"), false, "v1alpha1"));
        crds.add(crd("tekton.dev", "Task", "tasks", List.of(), false, "v1", "v1beta1"));
        crds.add(crd("tekton.dev", "Pipeline", "pipelines", List.of(), false, "v1", "v1beta1"));
        crds.add(crd("tekton.dev", "TaskRun", "taskruns", List.of("tr", "trs"), true, "v1", "v1beta1"));
        crds.add(crd("tekton.dev", "PipelineRun", "pipelineruns", List.of("pr", "prs"), true, "v1", "v1beta1"));
        return crds;
    }

    private static CustomResourceDefinition crd(
            String group, String kind, String plural, List<String> shortNames, boolean statusSubresource,
            String... versions) {
        List<CustomResourceDefinitionVersion> served = new ArrayList<>();
        for (int i = 0; i < versions.length; i++) {
            CustomResourceDefinitionVersionBuilder version = new CustomResourceDefinitionVersionBuilder()
                    .withName(versions[i])
                    .withServed(true)
                    .withStorage(i == 0)
                    .withNewSchema()
                    .withOpenAPIV3Schema(new JSONSchemaPropsBuilder()
                            .withType("object")
                            .withXKubernetesPreserveUnknownFields(true)
                            .build())
                    .endSchema();
            if (statusSubresource) {
                version.withNewSubresources().withNewStatus().endStatus().endSubresources();
            }
            served.add(version.build());
        }
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
                .withListKind(kind + "List")
                .withShortNames(shortNames)
                .endNames()
                .withVersions(served)
                .endSpec()
                .build();
    }
}
