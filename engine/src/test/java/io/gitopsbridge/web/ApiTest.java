package io.gitopsbridge.web;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.controller.SelfHealBackoff;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.MemoryApplications;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard's API over HTTP, on the standalone host, with a controller on the test API. */
@Timeout(60)
class ApiTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Controller.Settings SETTINGS = new Controller.Settings(Duration.ofHours(1), Duration.ZERO, 4,
            SelfHealBackoff.DEFAULT, ZoneOffset.UTC);

    /** Git as the tests set it: the objects each application renders. */
    private final Map<String, List<Map<String, Object>>> git = new ConcurrentHashMap<>();
    private Map<String, ApplicationStatus> saved;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Events events = new Events(50);
    private ClusterCache cache;
    private Controller controller;
    private ControllerBackend backend;
    private WebServer web;

    /** Each test's applications deploy to namespaces of their own: the test API keeps objects between tests. */
    private static int runs;
    private int run;

    private Application app(String name, String policy) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  project: %s
                  source: {repoURL: https://git.example.com/config.git, path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: api-%s-%d}
                  syncPolicy: %s
                """.formatted(name, "default", name, name, run, policy));
    }

    @BeforeEach
    void start() throws Exception {
        run = ++runs;
        MemoryApplications store = new MemoryApplications(app("web", "{}"), app("vault", "{}"), app("auto", "{automated: {}}"));
        saved = store.saved;
        Controller.Render render = app -> Target.rendered(git.getOrDefault(app.name(), List.of()).stream()
                .map(o -> new Manifest(o, app.name() + ".yaml")).toList(), List.of("c1"));
        git.put("web", List.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "web"),
                "spec", Map.of("replicas", 1, "selector", Map.of("matchLabels", Map.of("app", "web")), "template", Map.of(
                        "metadata", Map.of("labels", Map.of("app", "web")),
                        "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "nginx:1.27"))))))));
        git.put("vault", List.of(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", "db"),
                "type", "Opaque", "stringData", Map.of("password", "canary-token-in-git"))));
        git.put("auto", List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "auto"),
                "data", Map.of("v", "1"))));
        cache = new ClusterCache(api.client(), Duration.ofHours(24));
        ClientResources server = new ClientResources(api.client());
        SyncEngine engine = new SyncEngine(server, EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50)))
                .comparingFrom(new CachedResources(server, cache));
        controller = new Controller(store, render, engine, cache, SETTINGS, events.recording(n -> true, logged::add)).start();
        backend = new ControllerBackend(controller, render, engine, cache, events);
        Webhook webhook = new Webhook(backend::applications, backend::refresh, p -> java.util.Optional.empty(), new RateLimit(10, 10),
                logged::add);
        web = WebServer.start(new InetSocketAddress("127.0.0.1", 0), null, new Api(backend, events, logged::add), webhook,
                logged::add);
        eventually("every application compared", () -> List.of("web", "vault", "auto").stream()
                .allMatch(n -> saved.get(n).reconciledAt() != null));
    }

    @AfterEach
    void stop() {
        web.close();
        controller.close();
        cache.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort() + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort() + "/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request as a client that encodes nothing sends it (HttpClient refuses bad escapes and sets Host itself). */
    private String raw(String requestLine, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", web.address().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Read to the end of the response, not of the connection: for a body it never read, the server waits for it.
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return head + new String(body, StandardCharsets.US_ASCII);
        }
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    @Test
    void theListIsFilteredAndCountedAndAnUnknownApplicationIs404() throws Exception {
        eventually("auto compared as Synced", () -> controller.application("auto").orElseThrow().status().sync().status().text()
                .equals("Synced"));
        JsonNode all = json(get("api/applications"));
        assertThat(all.get("items")).extracting(n -> n.get("name").asText()).containsExactly("auto", "vault", "web");
        assertThat(all.at("/counts/total").asInt()).isEqualTo(3);
        assertThat(all.at("/counts/sync/OutOfSync").asInt()).isEqualTo(2);
        assertThat(all.get("projects")).extracting(JsonNode::asText).containsExactly("default");
        JsonNode outOfSync = json(get("api/applications?sync=OutOfSync"));
        assertThat(outOfSync.get("items")).extracting(n -> n.get("name").asText()).containsExactly("vault", "web");
        assertThat(outOfSync.at("/items/0/automated").asBoolean()).isFalse();
        assertThat(json(get("api/applications/auto")).at("/status/operationState/phase").asText()).isEqualTo("Succeeded");
        assertThat(get("api/applications/nope").statusCode()).isEqualTo(404);
        assertThat(get("api/applications/nope").body()).isEqualTo("{\"error\":\"application 'nope' not found\"}");
        assertThat(get("api/nothing").statusCode()).isEqualTo(404);
    }

    /** Plays the Deployment and ReplicaSet controllers for one Deployment: a ReplicaSet it owns, and a running Pod. */
    private static void deploymentControllerFor(String namespace, String deployment) {
        HasMetadata d = api.client().apps().deployments().inNamespace(namespace).withName(deployment).get();
        var rs = api.client().apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName(deployment + "-7d4b9c").withNamespace(namespace).withGeneration(1L).withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1").withKind("Deployment").withName(deployment).withUid(d.getMetadata().getUid())
                        .withController(true).build()).endMetadata().withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withReadyReplicas(1)
                .withAvailableReplicas(1).endStatus().build()).create();
        api.client().pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(deployment + "-7d4b9c-x2x9q")
                .withNamespace(namespace).withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("ReplicaSet").withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                        .withController(true).build()).endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage("nginx:1.27").endContainer().endSpec().withNewStatus().withPhase("Running").addNewCondition()
                .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }

    @Test
    void theTreeShowsWhatTheDeployedObjectsOwnWithTheirHealth() throws Exception {
        assertThat(post("api/applications/web/sync", "{}").statusCode()).isEqualTo(202);
        eventually("web synced", () -> saved.get("web").operationState() != null && saved.get("web").operationState().succeeded());
        deploymentControllerFor("api-web-" + run, "web");
        eventually("the tree has the Pod", () -> {
            try {
                return get("api/applications/web/tree").body().contains("web-7d4b9c-x2x9q");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode deployment = json(get("api/applications/web/tree")).at("/nodes/0");
        assertThat(deployment.get("kind").asText()).isEqualTo("Deployment");
        assertThat(deployment.get("status").asText()).isEqualTo("Synced");
        JsonNode rs = deployment.at("/children/0");
        assertThat(rs.get("kind").asText() + " " + rs.get("name").asText() + " " + rs.get("health").asText())
                .isEqualTo("ReplicaSet web-7d4b9c Healthy");
        JsonNode pod = rs.at("/children/0");
        assertThat(pod.get("kind").asText() + " " + pod.get("health").asText()).isEqualTo("Pod Healthy");
        assertThat(json(get("api/applications/web/history")).at("/history/0/revisions/0").asText()).isEqualTo("c1");
        assertThat(json(get("api/applications/web/events")).get("events")).extracting(e -> e.get("message").asText())
                .contains("Sync asked by local", "Sync succeeded");
    }

    @Test
    void theDiffShowsEachResourceAndNeverASecretsValue() throws Exception {
        JsonNode diff = json(get("api/applications/vault/diff"));
        assertThat(diff.get("sync").asText()).isEqualTo("OutOfSync");
        JsonNode secret = diff.at("/resources/0");
        assertThat(secret.get("kind").asText() + " " + secret.get("status").asText()).isEqualTo("Secret OutOfSync");
        assertThat(secret.get("diff").asText()).contains("password: +++++++++++").doesNotContain("canary-token");
        assertThat(json(get("api/applications/vault")).toString()).doesNotContain("canary-token");
    }

    @Test
    void actionsAreQueuedOrRefusedWithTheReason() throws Exception {
        assertThat(post("api/applications/web/terminate", "{}").statusCode()).isEqualTo(409);
        assertThat(post("api/applications/web/terminate", "{}").body()).contains("application 'web' has no operation running");
        HttpResponse<String> rollback = post("api/applications/auto/rollback", "{\"id\": 0}");
        assertThat(rollback.statusCode()).isEqualTo(409);
        assertThat(rollback.body()).contains("rollback cannot be initiated when auto-sync is enabled");
        assertThat(post("api/applications/web/rollback", "{}").statusCode()).isEqualTo(400);
        assertThat(post("api/applications/web/rollback", "{}").body()).contains("rollback needs the history id: {\\\"id\\\": N}");
        assertThat(post("api/applications/web/sync", "[1]").statusCode()).isEqualTo(400);
        assertThat(post("api/applications/web/sync", "[1]").body()).contains("the request body must be a JSON object");
        assertThat(post("api/applications/web/sync", "{\"prune\": ").body()).contains("the request body is not JSON");
        assertThat(post("api/applications/web/sync", "{\"resources\": [{\"kind\": \"ConfigMap\"}]}").body())
                .contains("each resource needs its name");
        assertThat(get("api/applications/web/sync").statusCode()).isEqualTo(405);
        assertThat(get("api/applications/web/sync").body()).contains("GET is not allowed here; use POST");
        assertThat(post("api/applications/web/refresh?hard=true", "{}").statusCode()).isEqualTo(202);
        HttpResponse<String> dryRun = post("api/applications/web/sync", "{\"dryRun\": true}");
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(202);
        eventually("the dry run's plan in the events", () -> events.of("web").stream().anyMatch(e -> e.message()
                .startsWith("Dry run: ")));
        // Beside the controller's queue: no operation recorded, nothing applied.
        assertThat(saved.get("web").operationState()).isNull();
        assertThat(api.client().apps().deployments().inNamespace("api-web-" + run).withName("web").get()).isNull();
        // The JDK's server refuses a URI with a bad escape before the API sees it; the API refuses one in a decoded path.
        assertThat(raw("GET /api/applications?sync=%zz", "127.0.0.1")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /api/applications/%zz", "127.0.0.1")).startsWith("HTTP/1.1 400");
        assertThat(new Api(backend, events, logged::add).handle(new Api.Request("GET", "applications/%zz", Map.of(), new byte[0]),
                Access.all("t")).text()).isEqualTo("{\"error\":\"the path is not well encoded: applications/%zz\"}");
        // A body announced larger than the limit is refused before it is read.
        assertThat(raw("POST /api/webhook", "127.0.0.1\r\nX-GitHub-Event: push\r\nContent-Length: 99999999999"))
                .startsWith("HTTP/1.1 413").contains("the payload is larger than 25 MB");
        // A cross-site form can only send form bodies: refused before anything is done.
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort()
                + "/api/applications/web/sync")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("prune=true")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("actions take a JSON body (Content-Type: application/json)");

        Api readOnly = new Api(backend, events, logged::add);
        Access viewer = new Access() {
            @Override
            public String user() {
                return "viewer";
            }

            @Override
            public boolean canRead(Application app) {
                return !app.name().equals("vault");
            }

            @Override
            public boolean canAct(Application app, Action action) {
                return action == Action.REFRESH;
            }
        };
        Api.Response denied = readOnly.handle(new Api.Request("POST", "applications/web/sync", Map.of(), new byte[0]), viewer);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.text()).contains("viewer may not sync application 'web'");
        assertThat(readOnly.handle(new Api.Request("POST", "applications/web/refresh", Map.of(), new byte[0]), viewer).status())
                .isEqualTo(202);
        assertThat(readOnly.handle(new Api.Request("GET", "applications/vault", Map.of(), new byte[0]), viewer).status())
                .as("hidden as if it did not exist").isEqualTo(404);
        assertThat(readOnly.handle(new Api.Request("GET", "applications", Map.of(), new byte[0]), viewer).text())
                .doesNotContain("vault");
    }

    @Test
    void offLoopbackTheApiNeedsItsTokenAndOnLoopbackOnlyLoopbackNamesAreAnswered() throws Exception {
        Api apiHandler = new Api(backend, events, logged::add);
        Webhook webhook = new Webhook(backend::applications, backend::refresh, p -> java.util.Optional.empty(), new RateLimit(1, 1),
                logged::add);
        assertThatThrownBy(() -> WebServer.start(new InetSocketAddress("0.0.0.0", 0), null, apiHandler, webhook, logged::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token (--dashboard-token-file)");
        assertThatThrownBy(() -> WebServer.start(new InetSocketAddress("127.0.0.1", 0), " ", apiHandler, webhook, logged::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the dashboard's token is empty");
        try (WebServer open = WebServer.start(new InetSocketAddress("0.0.0.0", 0), "canary-token-dashboard", apiHandler, webhook,
                logged::add)) {
            String base = "http://127.0.0.1:" + open.address().getPort() + "/";
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/applications")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("this dashboard needs its token: Authorization: Bearer TOKEN");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/applications"))
                    .header("Authorization", "Bearer canary-token-dashboard").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; frame-ancestors 'none'");
            assertThat(page.body()).contains("<script src=\"ui/app.js\"></script>");
        }
        // A page elsewhere that rebinds its name to 127.0.0.1 sends its own name as Host.
        assertThat(raw("GET /api/applications", "attacker.example:8080")).startsWith("HTTP/1.1 403")
                .contains("this server answers only to a loopback host name");
        assertThat(get("ui/app.js").statusCode()).isEqualTo(200);
        assertThat(get("ui/../../etc/passwd").statusCode()).isEqualTo(404);
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort()
                + "/api/webhook")).header("X-GitHub-Event", "push").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("no secret is configured for GitHub webhooks");
        assertThat(String.join("\n", logged)).doesNotContain("canary-token");
    }
}
