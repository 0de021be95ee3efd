package io.gitopsbridge.controller;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.MemoryApplications;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller on the test API: automated sync of new commits, drift healed by a watch event with self-heal (and
 * left alone without it, as Argo CD leaves a revision it already synced), no sync on Unknown, retries.
 */
class ControllerTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final EngineSettings FAST = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50));
    /** Refreshes come from events and explicit requests only; self-heal waits 0, 20, 60 ms… so a test does not wait. */
    private static final Controller.Settings SETTINGS = new Controller.Settings(Duration.ofHours(1), Duration.ZERO, 4,
            new SelfHealBackoff(Duration.ofMillis(20), 3, Duration.ofMillis(500), Duration.ZERO), ZoneOffset.UTC);

    /** Git, as the test sets it: the commit and the ConfigMap value it renders, or a failure. */
    private static final class Git implements Controller.Render {
        volatile String commit = "c1";
        volatile String value = "1";
        volatile boolean broken;

        @Override
        public Target render(Application app) {
            if (broken) {
                return Target.failed("rendering failed: kustomization.yaml:3: something is wrong", List.of());
            }
            Map<String, Object> cm = Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "settings"),
                    "data", Map.of("v", value));
            return Target.rendered(List.of(new Manifest(cm, "settings.yaml")), List.of(commit));
        }
    }

    private static Application app(String name, String automated) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  source: {repoURL: https://git.example.com/config.git, path: %s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                  syncPolicy: %s
                """.formatted(name, name, name, automated));
    }

    /** Git rendering a kind the cluster does not serve: every sync fails. */
    private static final Controller.Render UNSERVED = app -> Target.rendered(List.of(new Manifest(Map.of("apiVersion",
            "example.com/v1", "kind", "Missing", "metadata", Map.of("name", "x")), "x.yaml")), List.of("c1"));

    private static Controller controller(MemoryApplications store, Controller.Render git, ClusterCache cache) {
        ClientResources server = new ClientResources(api.client());
        return new Controller(store, git, new SyncEngine(server, FAST).comparingFrom(new CachedResources(server, cache)), cache,
                SETTINGS, line -> { }).start();
    }

    private static String value(String namespace) {
        var cm = api.client().configMaps().inNamespace(namespace).withName("settings").get();
        return cm == null ? null : cm.getData().get("v");
    }

    @Test
    void selfHealRepairsAnEditedAndADeletedObjectFromTheWatchEvent() throws Exception {
        Git git = new Git();
        MemoryApplications store = new MemoryApplications(app("healing", "{automated: {selfHeal: true}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, git, cache)) {
            eventually("the first automated sync", () -> "1".equals(value("healing")));

            api.client().configMaps().inNamespace("healing").withName("settings").edit(cm -> {
                cm.setData(Map.of("v", "changed by hand"));
                return cm;
            });
            eventually("the edit healed", () -> "1".equals(value("healing")));

            api.client().configMaps().inNamespace("healing").withName("settings").delete();
            eventually("the deleted object recreated", () -> "1".equals(value("healing"))
                    && store.saved.get("healing").operationState().operation().selfHealAttempts() == 2);
            ApplicationStatus.Operation last = store.saved.get("healing").operationState().operation();
            assertThat(last.automated()).isTrue();
            assertThat(last.selfHealAttempts()).as("two self-heals of one revision").isEqualTo(2);
            assertThat(last.resources()).extracting(ApplicationStatus.ResourceRef::name).containsExactly("settings");
        }
    }

    @Test
    void withoutSelfHealDriftAtASyncedRevisionIsReportedNotRepairedButANewCommitIsSynced() throws Exception {
        Git git = new Git();
        MemoryApplications store = new MemoryApplications(app("noheal", "{automated: {}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, git, cache)) {
            eventually("the first automated sync", () -> "1".equals(value("noheal")));
            api.client().configMaps().inNamespace("noheal").withName("settings").edit(cm -> {
                cm.setData(Map.of("v", "changed by hand"));
                return cm;
            });
            eventually("the drift reported", () -> store.saved.get("noheal").sync().status() == SyncCode.OUT_OF_SYNC);
            assertThat(value("noheal")).as("most recent sync already to c1: not repaired").isEqualTo("changed by hand");

            git.commit = "c2";
            git.value = "2";
            c.refresh("noheal");
            eventually("the new commit synced", () -> "2".equals(value("noheal")) && store.operations.size() == 2);
            assertThat(store.operations).containsExactly("Succeeded [c1] 0", "Succeeded [c2] 0");
        }
    }

    /** Git whose render follows the revision asked for, as a repository's history does. */
    private static final class History implements Controller.Render {
        final Map<String, String> values = Map.of("c1", "1", "c2", "2");

        @Override
        public Target render(Application app) {
            String rev = app.sources().get(0).targetRevision();
            String commit = values.containsKey(rev) ? rev : "c2";
            Map<String, Object> cm = Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "settings"),
                    "data", Map.of("v", values.get(commit)));
            return Target.rendered(List.of(new Manifest(cm, "settings.yaml")), List.of(commit));
        }
    }

    @Test
    void rollbackSyncsAHistoryEntrysRevisionAndIsRefusedWhileAutoSyncIsOn() throws Exception {
        MemoryApplications store = new MemoryApplications(app("rollback", "{}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, new History(), cache)) {
            var first = c.sync("rollback", io.gitopsbridge.sync.SyncRequest.DEFAULT.by("alice")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first.succeeded()).as(first.message()).isTrue();
            assertThat(value("rollback")).isEqualTo("2");
            assertThat(c.application("rollback").orElseThrow().status().history()).extracting(h -> h.id() + " " + h.revisions())
                    .containsExactly("0 [c2]");
            // An entry for c1, as an earlier sync would have left it.
            Application withOld = c.application("rollback").orElseThrow();
            var history = new java.util.ArrayList<>(List.of(new ApplicationStatus.HistoryEntry(7, List.of("c1"),
                    java.time.Instant.parse("2026-11-30T10:00:00Z"), java.time.Instant.parse("2026-11-30T10:00:05Z"))));
            history.addAll(withOld.status().history());
            MemoryApplications restarted = new MemoryApplications(withOld.withStatus(new ApplicationStatus(withOld.status().sync(), withOld.status().health(),
                    withOld.status().resources(), withOld.status().conditions(), withOld.status().operationState(), List.copyOf(history),
                    withOld.status().reconciledAt())));
            c.close();
            try (Controller again = controller(restarted, new History(), cache)) {
                var back = again.rollback("rollback", 7, io.gitopsbridge.sync.SyncRequest.DEFAULT.by("alice"))
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(back.succeeded()).as(back.message()).isTrue();
                assertThat(value("rollback")).isEqualTo("1");
                assertThat(again.application("rollback").orElseThrow().sources().get(0).targetRevision())
                        .as("the spec stays as declared").isEqualTo("main");
                assertThat(again.rollback("rollback", 99, io.gitopsbridge.sync.SyncRequest.DEFAULT))
                        .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withMessageContaining("application rollback does not have deployment with id 99");
            }
        }
        MemoryApplications automated = new MemoryApplications(app("rollback-auto", "{automated: {}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(automated, new History(), cache)) {
            assertThat(c.rollback("rollback-auto", 0, io.gitopsbridge.sync.SyncRequest.DEFAULT)).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("rollback cannot be initiated when auto-sync is enabled");
        }
    }

    @Test
    void aRestartedControllerGoesOnFromTheSavedStatusWithoutSyncingAgain() throws Exception {
        Git git = new Git();
        MemoryApplications store = new MemoryApplications(app("restart", "{automated: {}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24))) {
            try (Controller c = controller(store, git, cache)) {
                eventually("the first automated sync", () -> !store.operations.isEmpty() && "1".equals(value("restart")));
                assertThat(store.operations).containsExactly("Succeeded [c1] 0");
            }
            Application saved = store.apps.get(0).withStatus(store.saved.get("restart"));
            MemoryApplications after = new MemoryApplications(saved);
            try (Controller c = controller(after, git, cache)) {
                c.refresh("restart");
                eventually("compared again", () -> after.saved.get("restart").reconciledAt() != null
                        && after.saved.get("restart").reconciledAt().isAfter(store.saved.get("restart").reconciledAt()));
                assertThat(after.operations).as("c1 already synced: no second sync").isEmpty();
                assertThat(after.saved.get("restart").sync().status()).isEqualTo(SyncCode.SYNCED);
            }
        }
    }

    @Test
    void anAutomatedSyncWaitsForAnOpenDenyWindowToCloseWithoutCountingAnAttempt() throws Exception {
        Git git = new Git();
        MemoryApplications store = new MemoryApplications(app("windowed", "{automated: {}}"));
        io.gitopsbridge.app.AppProject frozen = io.gitopsbridge.app.AppProject.parse("default.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: default}
                spec:
                  sourceRepos: ['*']
                  destinations: [{server: '*', namespace: '*'}]
                  syncWindows:
                  - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*']}
                """);
        ClientResources server = new ClientResources(api.client());
        SyncEngine engine = new SyncEngine(server, FAST, java.time.Clock.systemUTC(), io.gitopsbridge.app.Projects.of(List.of(frozen)));
        List<String> log = new CopyOnWriteArrayList<>();
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24));
                Controller c = new Controller(store, git, engine.comparingFrom(new CachedResources(server, cache)), cache, SETTINGS,
                        log::add).start()) {
            eventually("the window's refusal", () -> log.contains("windowed: Skipping auto-sync: blocked by a sync window of project"
                    + " 'default'"));
            assertThat(store.operations).as("no failed operation to block the commit later").isEmpty();
            assertThat(store.saved.get("windowed").sync().status()).isEqualTo(SyncCode.OUT_OF_SYNC);
            assertThat(value("windowed")).isNull();
        }
    }

    @Test
    void aFailedRenderIsUnknownAndNeverSynced() throws Exception {
        Git git = new Git();
        git.broken = true;
        MemoryApplications store = new MemoryApplications(app("broken", "{automated: {prune: true}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, git, cache)) {
            eventually("the status written", () -> store.saved.get("broken").reconciledAt() != null);
            assertThat(store.saved.get("broken").sync().status()).isEqualTo(SyncCode.UNKNOWN);
            assertThat(store.operations).isEmpty();
        }
    }

    @Test
    void aFailingSyncIsRetriedByItsPolicyAndThenLeftFailed() throws Exception {
        MemoryApplications store = new MemoryApplications(app("retrying", "{automated: {}, retry: {limit: 2, backoff: {duration: 50ms, factor: 2}}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, UNSERVED, cache)) {
            eventually("the retries spent", () -> store.saved.containsKey("retrying") && store.saved.get("retrying").operationState() != null
                    && store.saved.get("retrying").operationState().phase().equals("Failed"));
            assertThat(store.operations).containsExactly("Running [c1] 1", "Running [c1] 2", "Failed [c1] 2");
            assertThat(store.saved.get("retrying").operationState().message()).endsWith("(retried 2 times).");
        }
    }

    @Test
    void aHardRefreshRendersWithoutCachesAndAnEditedSpecIsComparedAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger fresh = new java.util.concurrent.atomic.AtomicInteger();
        Git cached = new Git();
        Controller.Render git = new Controller.Render() {
            @Override
            public Target render(Application app) {
                return cached.render(app);
            }

            @Override
            public Target renderFresh(Application app) {
                fresh.incrementAndGet();
                return cached.render(app);
            }
        };
        MemoryApplications store = new MemoryApplications(app("hard", "{}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, git, cache)) {
            eventually("the first refresh", () -> store.saved.get("hard").reconciledAt() != null);
            assertThat(fresh).hasValue(0);
            c.refresh("hard", true);
            eventually("a hard refresh", () -> fresh.get() == 1);

            c.changed(app("hard", "{automated: {}}"));
            eventually("the edited spec's automated sync", () -> "1".equals(value("hard")));
            assertThat(c.application("hard").orElseThrow().syncPolicy().automated()).isNotNull();
            c.deleted("hard");
            assertThat(c.names()).isEmpty();
        }
    }

    @Test
    void aSyncAskedForCompletesWhenItsRetriesEndNotAfterTheFirstAttempt() throws Exception {
        MemoryApplications store = new MemoryApplications(app("asked-retry", "{retry: {limit: 2, backoff: {duration: 50ms, factor: 2}}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, UNSERVED, cache)) {
            var result = c.sync("asked-retry", io.gitopsbridge.sync.SyncRequest.DEFAULT.by("alice")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.succeeded()).isFalse();
            assertThat(store.operations).containsExactly("Running [c1] 1", "Running [c1] 2", "Failed [c1] 2");
            assertThat(store.saved.get("asked-retry").operationState().operation().username()).isEqualTo("alice");
        }
    }

    @Test
    void terminatingAnOperationWaitingForItsRetryEndsItFailedAsArgoCdDoes() throws Exception {
        MemoryApplications store = new MemoryApplications(app("terminated", "{retry: {limit: 5, backoff: {duration: 1h}}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, UNSERVED, cache)) {
            eventually("the first refresh", () -> store.saved.get("terminated").reconciledAt() != null);
            assertThat(c.terminate("terminated")).as("nothing to stop yet").isFalse();

            var asked = c.sync("terminated", io.gitopsbridge.sync.SyncRequest.DEFAULT.by("alice"));
            eventually("the first attempt failed, its retry an hour away", () -> store.operations.contains("Running [c1] 1"));
            assertThat(c.terminate("terminated")).isTrue();

            assertThat(asked).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("Operation terminated");
            assertThat(store.operations).containsExactly("Running [c1] 1", "Failed [c1] 1");
            assertThat(store.saved.get("terminated").operationState().message()).isEqualTo("Operation terminated");
        }
    }

    @Test
    void terminatingAnOperationUnderWayStopsItWhileAHookRunsAndRecordsIt() throws Exception {
        // A PreSync Job no controller here ever completes: the operation waits on it until terminated.
        Controller.Render hooked = app -> Target.rendered(List.of(
                new Manifest(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", Map.of("name", "migrate", "annotations",
                        Map.of("argocd.argoproj.io/hook", "PreSync")), "spec", Map.of("template", Map.of("spec", Map.of(
                        "restartPolicy", "Never", "containers", List.of(Map.of("name", "m", "image", "busybox:1.37")))))), "job.yaml"),
                new Manifest(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "settings"),
                        "data", Map.of("v", "1")), "settings.yaml")), List.of("c1"));
        MemoryApplications store = new MemoryApplications(app("stopped", "{}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(store, hooked, cache)) {
            eventually("the first refresh", () -> store.saved.get("stopped").reconciledAt() != null);
            var asked = c.sync("stopped", io.gitopsbridge.sync.SyncRequest.DEFAULT.by("alice"));
            eventually("the hook started", () -> c.operating("stopped")
                    && api.client().batch().v1().jobs().inNamespace("stopped").withName("migrate").get() != null);
            assertThat(c.terminate("stopped")).isTrue();

            var result = asked.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.succeeded()).isFalse();
            assertThat(store.saved.get("stopped").operationState().phase()).isEqualTo("Failed");
            assertThat(store.saved.get("stopped").operationState().message()).isEqualTo("Operation terminated");
            assertThat(value("stopped")).as("the sync phase never came").isNull();
            assertThat(c.operating("stopped")).isFalse();
        }
    }

    private static void addByHand(String namespace) {
        api.client().configMaps().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("by-hand").withNamespace(namespace)
                .addToAnnotations(io.gitopsbridge.tracking.TrackingId.ANNOTATION, namespace + ":/ConfigMap:" + namespace + "/by-hand")
                .endMetadata().addToData("v", "x").build()).create();
    }

    @Test
    void aTrackedObjectAddedByHandIsPrunedBySelfHealWithPruneAndOnlyReportedWithout() throws Exception {
        Git git = new Git();
        MemoryApplications pruning = new MemoryApplications(app("added", "{automated: {prune: true, selfHeal: true}}"),
                app("added-noprune", "{automated: {selfHeal: true}}"));
        try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofHours(24)); Controller c = controller(pruning, git, cache)) {
            eventually("the first automated syncs", () -> "1".equals(value("added")) && "1".equals(value("added-noprune")));
            addByHand("added");
            addByHand("added-noprune");
            eventually("the object added by hand pruned", () -> api.client().configMaps().inNamespace("added").withName("by-hand").get() == null);
            eventually("the other reported as requiring pruning", () -> pruning.saved.get("added-noprune").resources().stream()
                    .anyMatch(r -> r.name().equals("by-hand") && r.requiresPruning()));
            assertThat(api.client().configMaps().inNamespace("added-noprune").withName("by-hand").get())
                    .as("automated prune off: left in place").isNotNull();
            assertThat(pruning.saved.get("added-noprune").sync().status()).isEqualTo(SyncCode.OUT_OF_SYNC);
        }
    }
}
