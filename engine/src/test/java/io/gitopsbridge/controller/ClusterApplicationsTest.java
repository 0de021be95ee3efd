package io.gitopsbridge.controller;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.KubernetesApi;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller reconciles Application objects of a cluster namespace and writes their status back, as Argo CD does. */
class ClusterApplicationsTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    @Test
    void anApplicationObjectIsSyncedAndItsStatusWrittenInArgoCdsShape() throws Exception {
        api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("argocd").resource(
                api.client().getKubernetesSerialization().unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata: {name: shop, namespace: argocd}
                        spec:
                          project: default
                          source: {repoURL: https://git.example.com/config.git, path: shop, targetRevision: main}
                          destination: {server: https://kubernetes.default.svc, namespace: shop}
                          syncPolicy: {automated: {prune: true}}
                        """, GenericKubernetesResource.class)).create();
        Controller.Render git = app -> Target.rendered(List.of(new Manifest(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "settings"), "data", Map.of("v", "1")), "settings.yaml")), List.of("a1b2c3"));
        ClientResources server = new ClientResources(api.client());
        Controller.Settings settings = new Controller.Settings(Duration.ofHours(1), Duration.ZERO, 2, SelfHealBackoff.DEFAULT,
                ZoneOffset.UTC);
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24));
                Controller c = new Controller(new ClusterApplications(api.client(), "argocd", line -> { }), git,
                        new SyncEngine(server, EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50)))
                                .comparingFrom(new CachedResources(server, cache)), cache, settings, line -> { }).start()) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Application read;
            do {
                assertThat(System.nanoTime()).as("synced and written back within 30 s").isLessThan(end);
                Thread.sleep(20);
                read = Application.get(api.client(), "argocd", "shop").orElseThrow();
            } while (read.status().operationState() == null || read.status().sync().status() != SyncCode.SYNCED);

            assertThat(read.status().operationState().phase()).isEqualTo("Succeeded");
            assertThat(read.status().operationState().operation().automated()).isTrue();
            assertThat(read.status().sync().revisions()).containsExactly("a1b2c3");
            assertThat(read.status().history()).as(read.status().toMap().toString()).extracting(h -> h.revisions().get(0)).containsExactly("a1b2c3");
            assertThat(read.sources().get(0).targetRevision()).as("the spec is untouched").isEqualTo("main");
            assertThat(api.client().configMaps().inNamespace("shop").withName("settings").get()).isNotNull();
        }
    }

    private static void create(String namespace, String name, String path) {
        api.client().genericKubernetesResources(Application.RESOURCE).inNamespace(namespace).resource(
                api.client().getKubernetesSerialization().unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata: {name: %s, namespace: %s}
                        spec:
                          source: {repoURL: https://git.example.com/config.git, path: %s, targetRevision: main}
                          destination: {server: https://kubernetes.default.svc, namespace: %s}
                          syncPolicy: {automated: {}}
                        """.formatted(name, namespace, path, name), GenericKubernetesResource.class)).create();
    }

    /** Renders a ConfigMap whose value is the application's source path, so an edited spec shows in the cluster. */
    private static final Controller.Render BY_PATH = app -> Target.rendered(List.of(new Manifest(Map.of("apiVersion", "v1",
            "kind", "ConfigMap", "metadata", Map.of("name", "settings"), "data", Map.of("v", app.sources().get(0).path())),
            "settings.yaml")), List.of(app.sources().get(0).path()));

    private static Controller controller(String namespace, ClusterCache cache) {
        ClientResources server = new ClientResources(api.client());
        return new Controller(new ClusterApplications(api.client(), namespace, line -> { }), BY_PATH,
                new SyncEngine(server, EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50)))
                        .comparingFrom(new CachedResources(server, cache)), cache,
                new Controller.Settings(Duration.ofHours(1), Duration.ZERO, 2, SelfHealBackoff.DEFAULT, ZoneOffset.UTC), line -> { });
    }

    private static String value(String namespace) {
        var cm = api.client().configMaps().inNamespace(namespace).withName("settings").get();
        return cm == null ? null : cm.getData().get("v");
    }

    @Test
    void applicationsAddedEditedAndDeletedInTheClusterAreFollowed() throws Exception {
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24));
                Controller c = controller("follow", cache).start();
                AutoCloseable watch = new ClusterApplications(api.client(), "follow", line -> { }).watch(c, Duration.ofMinutes(10))) {
            create("follow", "late", "v1");
            eventually("an Application created after the start is synced", () -> "v1".equals(value("late")));

            // A person's edit, read-modify-write: when the controller's status write came between, it is tried again,
            // as kubectl does on a conflict.
            for (int attempt = 0; ; attempt++) {
                try {
                    api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("follow").withName("late").edit(r -> {
                        ((Map<String, Object>) r.getAdditionalProperties().get("spec")).put("source", Map.of("repoURL",
                                "https://git.example.com/config.git", "path", "v2", "targetRevision", "main"));
                        return r;
                    });
                    break;
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt == 4) {
                        throw e;
                    }
                }
            }
            eventually("the edited spec is synced", () -> "v2".equals(value("late")));

            api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("follow").withName("late").delete();
            eventually("a deleted Application is let go", () -> c.names().isEmpty());
            assertThat(c.sync("late", io.gitopsbridge.sync.SyncRequest.DEFAULT)).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("no application 'late'");
        }
    }

    @Test
    void twoShardedControllerReplicasSplitTheApplicationsAndOneTakesAllWhenTheOtherStops() throws Exception {
        for (int i = 0; i < 8; i++) {
            create("sharded", "app-" + i, "p");
        }
        Shards.Settings leases = new Shards.Settings("sharded", "gitops-bridge", 2, Duration.ofSeconds(1), Duration.ofMillis(600),
                Duration.ofMillis(100));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24));
                Controller a = controller("sharded", cache); Controller b = controller("sharded", cache)) {
            a.own(app -> false);
            b.own(app -> false);
            a.start();
            b.start();
            try (Shards sa = new Shards(api.client(), leases, "a", owned -> a.own(app -> owned.contains(Shards.shardOf(app.name(), 2))),
                    line -> { }).start()) {
                Shards sb = new Shards(api.client(), leases, "b", owned -> b.own(app -> owned.contains(Shards.shardOf(app.name(), 2))),
                        line -> { }).start();
                eventually("each replica reconciles one shard", () -> !a.names().isEmpty() && !b.names().isEmpty()
                        && a.names().size() + b.names().size() == 8);
                assertThat(a.names()).doesNotContainAnyElementsOf(b.names());
                eventually("every application synced once", () -> java.util.stream.IntStream.range(0, 8)
                        .allMatch(i -> "p".equals(value("app-" + i))));
                sb.close();
                eventually("a reconciles every application", () -> a.names().size() == 8);
                assertThat(b.names()).isEmpty();
            }
        }
    }
}
