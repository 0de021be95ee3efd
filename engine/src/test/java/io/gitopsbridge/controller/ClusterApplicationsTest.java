package io.gitopsbridge.controller;

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
}
