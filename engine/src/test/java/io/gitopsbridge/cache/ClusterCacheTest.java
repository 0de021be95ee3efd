package io.gitopsbridge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.KubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Comparisons read the cache once it is warm; the watch reports each change of an application's objects. */
class ClusterCacheTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final EngineSettings FAST = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50));

    private static Application app() {
        return Application.parse("cached.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: cached, namespace: argocd}
                spec:
                  source: {repoURL: https://git.example.com/config.git, path: cached, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: cached}
                """);
    }

    private static Target target() {
        List<Manifest> manifests = List.of("one", "two", "three").stream().map(n -> new Manifest(Map.of("apiVersion", "v1",
                "kind", "ConfigMap", "metadata", Map.of("name", n), "data", Map.of("v", "1")), "cms.yaml")).toList();
        return Target.rendered(manifests, List.of("c1"));
    }

    private static void awaitReady(ClusterCache cache, ResourceType type) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cache.ready(type)) {
            assertThat(System.nanoTime()).as("informer synced within 20 s").isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void aWarmCacheAnswersComparisonsWithoutListingAndReportsChangesByApplication() throws Exception {
        ClientResources server = new ClientResources(api.client());
        SyncResult synced = new SyncEngine(server, FAST).sync(app(), target(), SyncRequest.DEFAULT, line -> { });
        assertThat(synced.succeeded()).as(synced.message()).isTrue();
        ResourceType configMaps = server.type("v1", "ConfigMap").orElseThrow();

        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24))) {
            BlockingQueue<ClusterCache.Change> changes = new LinkedBlockingQueue<>();
            cache.onChange(changes::add);
            SyncEngine cached = new SyncEngine(new CachedResources(server, cache), FAST);
            Application app = app().withStatus(synced.status());
            assertThat(cached.compare(app, target()).status()).as("cold: read from the server").isEqualTo(SyncCode.SYNCED);
            awaitReady(cache, configMaps);
            api.takeRequests();

            assertThat(cached.compare(app, target()).status()).isEqualTo(SyncCode.SYNCED);
            assertThat(api.takeRequests()).as("a warm comparison reads nothing from the API server").isEmpty();

            changes.clear();
            api.client().configMaps().inNamespace("cached").withName("two").edit(cm -> {
                cm.setData(Map.of("v", "changed by hand"));
                return cm;
            });
            ClusterCache.Change edit = changes.poll(20, TimeUnit.SECONDS);
            assertThat(edit).isNotNull();
            assertThat(edit.application()).isEqualTo("cached");
            assertThat(edit.key().name()).isEqualTo("two");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (cached.compare(app, target()).status() != SyncCode.OUT_OF_SYNC) {
                assertThat(System.nanoTime()).as("the drift reaches the cache").isLessThan(end);
                Thread.sleep(20);
            }

            api.client().configMaps().inNamespace("cached").withName("three").delete();
            ClusterCache.Change deletion;
            do {
                deletion = changes.poll(20, TimeUnit.SECONDS);
                assertThat(deletion).isNotNull();
            } while (deletion.object() != null || !deletion.key().name().equals("three"));
            assertThat(deletion.application()).isEqualTo("cached");
            assertThat(cache.trackedBy("cached")).hasSize(2);
        }
    }

    @Test
    void aTypeWhoseFirstListFailedIsListedAgainAsClientGosReflectorDoes() throws Exception {
        ResourceType secrets = new ClientResources(api.client()).type("v1", "Secret").orElseThrow();
        // Listed in pages (limit=500), and the first two attempts answered by an API server in trouble: fabric8's
        // informer (started, not run) lists again with backoff, as client-go's reflector does, and reads go to the
        // server meanwhile.
        api.server().expect().get().withPath("/api/v1/secrets?limit=500").andReturn(500, "etcdserver: request timed out").times(2);
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24))) {
            assertThat(cache.ready(secrets)).isFalse();
            awaitReady(cache, secrets);
        }
    }
}
