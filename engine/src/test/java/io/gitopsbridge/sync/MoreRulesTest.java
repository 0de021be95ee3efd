package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TestKubelet;
import io.gitopsbridge.tracking.TrackingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prune order, shared resources, ApplyOutOfSyncOnly, label tracking and Pod hooks. */
class MoreRulesTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);

    private static String cm(String name, int wave, String options) {
        return SyncFixtures.configMap(name, wave, options, null);
    }

    @Test
    void aSuspendedObjectHoldsTheNextWaveAsInGitopsEngine() {
        String yaml = """
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                  annotations: {argocd.argoproj.io/sync-wave: "0"}
                spec:
                  schedule: "0 3 * * *"
                  suspend: true
                  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: r, image: "example/r:1"}]}}}}
                """ + cm("after", 1, null);
        SyncResult r = engine.sync(app("suspended", "suspended", ""), target("s1", yaml),
                SyncRequest.DEFAULT.withTimeout(java.time.Duration.ofSeconds(1)), line -> { });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("timed out");
        assertThat(api.client().configMaps().inNamespace("suspended").withName("after").get())
                .as("only Healthy lets the next wave start").isNull();
    }

    @Test
    void anObjectTheServerWouldRefuseInALaterWaveStopsTheSyncBeforeAnyWrite() {
        ClientResources real = new ClientResources(api.client());
        io.gitopsbridge.kube.Resources refusing = InterceptedResources.of(real, (method, args) -> method.equals("serverDryRun")
                ? InterceptedResources.of(real.serverDryRun(), (m, a) -> {
                    if (m.equals("create") && String.valueOf(a[1]).contains("name=bad")) {
                        throw new io.fabric8.kubernetes.client.KubernetesClientException(
                                "ConfigMap \"bad\" is invalid: data[bad key]: Invalid value", 422, null);
                    }
                    return InterceptedResources.PASS;
                })
                : InterceptedResources.PASS);

        SyncResult r = new SyncEngine(refusing, FAST).sync(app("preflight", "preflight", ""),
                target("d1", cm("ok", 0, null) + cm("bad", 3, null)), SyncRequest.DEFAULT, line -> { });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).startsWith("Not synced, nothing was changed: the API server's dry run refused"
                + " ConfigMap preflight/bad: ").contains("Invalid value");
        assertThat(api.client().configMaps().inNamespace("preflight").list().getItems())
                .as("wave 0 was not applied either").isEmpty();
    }

    @Test
    void noWriteStartsAfterTheOperationsTimeoutAndTheMessageSaysWhatWasNotApplied() {
        Application app = app("late", "late", "");

        SyncResult r = engine.sync(app, target("o1", cm("a", 0, null) + cm("b", 1, null)),
                SyncRequest.DEFAULT.withTimeout(java.time.Duration.ZERO), line -> { });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).isEqualTo("Sync failed: the operation's timeout passed before Sync wave 0 ConfigMap"
                + " started. Changed before it stopped: nothing; not applied: 2 (ConfigMap late/a, ConfigMap late/b)");
        assertThat(api.client().configMaps().inNamespace("late").list().getItems()).isEmpty();
    }

    @Test
    void aSelectiveSyncTouchesOnlyItsResourcesAndRunsNoHooks() {
        Application app = app("selective", "selective", "");
        SyncResult first = engine.sync(app, target("s1", cm("a", 0, null) + cm("b", 0, null)), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        String changed = (cm("a", 0, null) + cm("b", 0, null)).replace("v: \"1\"", "v: \"2\"") + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: announce
                  annotations: {argocd.argoproj.io/hook: PostSync}
                """;

        SyncResult r = engine.sync(app.withStatus(first.status()), target("s2", changed),
                SyncRequest.DEFAULT.only(java.util.Set.of(new io.gitopsbridge.kube.ResourceKey("", "ConfigMap", "selective", "a"))),
                line -> { });

        assertThat(r.succeeded()).as(r.message()).isTrue();
        var maps = api.client().configMaps().inNamespace("selective");
        assertThat(maps.withName("a").get().getData()).containsEntry("v", "2");
        assertThat(maps.withName("b").get().getData()).as("not selected").containsEntry("v", "1");
        assertThat(maps.withName("announce").get()).as("a selective sync runs no hooks").isNull();
    }

    @Test
    void aFailedPruneStopsTheAppliesOfItsWave() {
        Application app = app("stuck", "stuck", "");
        SyncResult first = engine.sync(app, target("o1", cm("gone", 0, null)), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        ClientResources real = new ClientResources(api.client());
        io.gitopsbridge.kube.Resources refusingDeletes = InterceptedResources.of(real, (method, args) -> {
            if (method.equals("delete")) {
                throw new io.fabric8.kubernetes.client.KubernetesClientException("forbidden: the admission webhook said no", 403, null);
            }
            return InterceptedResources.PASS;
        });

        SyncResult r = new SyncEngine(refusingDeletes, FAST).sync(app.withStatus(first.status()), target("o2", cm("new", 0, null)),
                SyncRequest.DEFAULT.withPrune(true), line -> { });

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("forbidden: the admission webhook said no")
                .endsWith("Changed before it stopped: nothing; not applied: 1 (ConfigMap stuck/new)");
        assertThat(api.client().configMaps().inNamespace("stuck").withName("new").get())
                .as("nothing of the wave is applied after its prune failed").isNull();
    }

    @Test
    void prunesRunInReverseWaveOrderBeforeTheAppliesOfTheirWaveAndPruneLastGoesAfterEverything() {
        Application app = app("order", "order", "");
        SyncResult first = engine.sync(app, target("o1", cm("w0", 0, null) + cm("w1", 1, null) + cm("w2", 2, null)
                + cm("late", 0, "PruneLast=true") + cm("keep", 1, null)), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();

        SyncResult r = engine.sync(app.withStatus(first.status()), target("o2", cm("keep", 1, null) + cm("new", 3, null)),
                SyncRequest.DEFAULT.withPrune(true).withDryRun(true), line -> { });
        assertThat(r.steps()).extracting(s -> s.wave() + " " + s.action().text() + " " + s.key().name())
                .as("gitops-engine swaps the distinct prune waves (0, 1, 2) end for end; PruneLast goes after the last wave")
                .containsExactly("0 prune w2", "1 prune w1", "1 unchanged keep", "2 prune w0", "3 create new",
                        "4 prune late");
    }

    @Test
    void aResourceAnotherApplicationTracksIsTakenOverWithAWarningUnlessFailOnSharedResource() {
        api.client().configMaps().inNamespace("shared").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .addToAnnotations(TrackingId.ANNOTATION, "other:/ConfigMap:shared/c").endMetadata().build()).create();
        StringBuilder log = new StringBuilder();
        SyncResult refused = engine.sync(app("mine", "shared", """
                syncPolicy: {syncOptions: [FailOnSharedResource=true]}
                """), target("s1", cm("c", 0, null)), SyncRequest.DEFAULT, log::append);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.message()).isEqualTo("Not synced, nothing was changed: ConfigMap shared/c: also tracked by application"
                + " 'other' (FailOnSharedResource=true)");

        SyncResult taken = engine.sync(app("mine", "shared", ""), target("s1", cm("c", 0, null)), SyncRequest.DEFAULT, log::append);
        assertThat(taken.succeeded()).as(taken.message()).isTrue();
        assertThat(log).contains("Warning: ConfigMap shared/c is also tracked by application 'other'; this application takes it over");
        assertThat(api.client().configMaps().inNamespace("shared").withName("c").get().getMetadata().getAnnotations())
                .containsEntry(TrackingId.ANNOTATION, "mine:/ConfigMap:shared/c");
    }

    @Test
    void applyOutOfSyncOnlySkipsSyncedObjects() {
        Application app = app("oos", "oos", "syncPolicy: {syncOptions: [ApplyOutOfSyncOnly=true, Replace=true]}\n");
        SyncResult first = engine.sync(app, target("a1", cm("a", 0, null) + cm("b", 0, null)), SyncRequest.DEFAULT, line -> { });
        SyncResult second = engine.sync(app.withStatus(first.status()), target("a2", cm("a", 0, null) + cm("b", 0, null)
                .replace("v: \"1\"", "v: \"2\"")), SyncRequest.DEFAULT, line -> { });
        assertThat(second.steps()).extracting(s -> s.action().text() + " " + s.key().name()).containsExactly("replace b");
    }

    @Test
    void labelTrackingMarksAndPrunesByTheInstanceLabel() {
        SyncEngine labels = new SyncEngine(new ClientResources(api.client()), FAST.withTracking(Tracking.LABEL));
        Application app = app("labelled", "labelled", "");
        SyncResult first = labels.sync(app, target("l1", cm("a", 0, null) + cm("b", 0, null)), SyncRequest.DEFAULT, line -> { });
        var live = api.client().configMaps().inNamespace("labelled").withName("a").get().getMetadata();
        assertThat(live.getLabels()).containsEntry(TrackingId.LABEL, "labelled");
        assertThat(live.getAnnotations()).doesNotContainKey(TrackingId.ANNOTATION);

        SyncResult pruned = labels.sync(app.withStatus(first.status()), target("l2", cm("a", 0, null)),
                SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(pruned.succeeded()).isTrue();
        assertThat(api.client().configMaps().inNamespace("labelled").withName("b").get()).isNull();
    }

    @Test
    void aPodHookThatFailsIsDeletedByHookFailedAndFailsTheSync() throws Exception {
        try (TestKubelet kubelet = TestKubelet.start(api, "podhook")) {
            kubelet.script("check", ContainerRun.exits(3));
            String pod = """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: preflight
                      annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookFailed}
                    spec:
                      restartPolicy: Never
                      containers: [{name: check, image: "example/check:1"}]
                    """;
            SyncResult r = engine.sync(app("podhook", "podhook", ""), target("p1", pod + cm("after", 0, null)), SyncRequest.DEFAULT,
                    line -> { });
            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).startsWith("Sync failed: PreSync hook Pod podhook/preflight failed: ");
            assertThat(r.steps()).extracting(s -> s.action().text() + " " + s.status())
                    .containsExactly("hook Running", "hook Failed", "delete hook Synced");
            assertThat(api.client().pods().inNamespace("podhook").withName("preflight").get()).isNull();
            assertThat(api.client().configMaps().inNamespace("podhook").withName("after").get()).isNull();
        }
    }
}
