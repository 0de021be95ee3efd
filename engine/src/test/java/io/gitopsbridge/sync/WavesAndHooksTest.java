package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TestControllers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WavesAndHooksTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);

    private static String deployment(String name, int wave) {
        return """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  annotations: {argocd.argoproj.io/sync-wave: "%d"}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: app, image: "example/%s:1"}]}
                """.formatted(name, wave, name, name, name);
    }

    private static String job(String name, String hook, String deletePolicy, boolean generateName) {
        return """
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  %s: %s
                  annotations:
                    argocd.argoproj.io/hook: %s
                %s
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: run, image: "example/tools:1"}]
                """.formatted(generateName ? "generateName" : "name", name, hook,
                deletePolicy == null ? "" : "    argocd.argoproj.io/hook-delete-policy: " + deletePolicy);
    }

    @Test
    void wavesApplyInOrderAndEachWaitsForTheOneBeforeToBeHealthy() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "waves")) {
            controllers.hold("Deployment", "database");
            controllers.hold("Deployment", "frontend");
            String yaml = deployment("frontend", 2) + deployment("database", 0) + deployment("backend", 1);
            CompletableFuture<SyncResult> sync = CompletableFuture.supplyAsync(
                    () -> engine.sync(app("waves", "waves", ""), target("w1", yaml), SyncRequest.DEFAULT, line -> { }));

            waitUntil(() -> k.apps().deployments().inNamespace("waves").withName("database").get() != null);
            Thread.sleep(500);
            assertThat(k.apps().deployments().inNamespace("waves").withName("backend").get())
                    .as("wave 1 waits while wave 0 is Progressing").isNull();
            controllers.release("Deployment", "database");

            SyncResult r = sync.get(30, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(r.message()).isTrue();
            assertThat(r.steps()).extracting(s -> s.wave() + " " + s.key().name()).containsExactly("0 database", "1 backend", "2 frontend");
            assertThat(controllers.events()).containsSubsequence("Deployment database rolled out", "Deployment backend rolled out");
            // As gitops-engine: the last wave's objects are applied, not waited for ("even if those objects subsequently
            // degraded"); its health is the application's health, which gitopsSync's waitForHealthy waits for.
            assertThat(controllers.events()).as("the last wave is still rolling out").doesNotContain("Deployment frontend rolled out");
        }
    }

    @Test
    void aFailedPreSyncHookStopsTheSyncAndRunsTheSyncFailHooks() throws Exception {
        try (TestControllers controllers = TestControllers.start(api.client(), "failing")) {
            controllers.failJobs("migrate");
            String yaml = job("migrate", "PreSync", null, false) + job("notify-failure-", "SyncFail", null, true)
                    + deployment("web", 0);
            SyncResult r = engine.sync(app("failing", "failing", ""), target("f1", yaml), SyncRequest.DEFAULT, line -> { });

            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).isEqualTo("Sync failed: PreSync hook batch/Job failing/migrate failed: BackoffLimitExceeded."
                    + " Changed before it stopped: 1 (batch/Job failing/migrate); not applied: 1 (apps/Deployment failing/web)");
            assertThat(api.client().apps().deployments().inNamespace("failing").withName("web").get()).as("Sync phase never ran")
                    .isNull();
            assertThat(r.steps()).extracting(s -> s.phase().text() + " " + s.status() + " " + s.key().name())
                    .containsExactly("PreSync Running migrate", "PreSync Failed migrate", "SyncFail Running notify-failure-f1-syncfail-"
                            + r.steps().get(2).key().name().substring("notify-failure-f1-syncfail-".length()),
                            "SyncFail Succeeded " + r.steps().get(2).key().name());
            assertThat(r.steps().get(2).key().name()).matches("notify-failure-f1-syncfail-\\d+");
        }
    }

    @Test
    void hooksRunInTheirPhasesAndAreCleanedUpByPolicy() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "hooks")) {
            String yaml = job("migrate", "PreSync", "HookSucceeded", false) + deployment("web", 0)
                    + job("smoke-test", "PostSync", null, false);
            Application app = app("hooks", "hooks", "");
            java.util.List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
            SyncResult r;
            try (var watch = k.batch().v1().jobs().inNamespace("hooks").watch(new io.fabric8.kubernetes.client.Watcher<>() {
                        @Override
                        public void eventReceived(Action action, io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                            if (action == Action.ADDED) {
                                created.add(job.getMetadata().getName() + " " + job.getMetadata().getFinalizers());
                            }
                        }

                        @Override
                        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                    })) {
                r = engine.sync(app, target("h1", yaml), SyncRequest.DEFAULT, line -> { });
            }
            assertThat(created).as("a hook carries Argo CD's finalizer while the sync watches it, so a TTL cannot remove it unseen")
                    .contains("migrate [argocd.argoproj.io/hook-finalizer]", "smoke-test [argocd.argoproj.io/hook-finalizer]");
            assertThat(k.batch().v1().jobs().inNamespace("hooks").withName("smoke-test").get().getMetadata().getFinalizers())
                    .as("and loses it once the outcome is read").doesNotContain("argocd.argoproj.io/hook-finalizer");

            assertThat(r.succeeded()).as(r.message()).isTrue();
            assertThat(r.steps()).extracting(s -> s.phase().text() + " " + s.action().text() + " " + s.status() + " " + s.key().name())
                    .containsExactly("PreSync hook Running migrate", "PreSync hook Succeeded migrate",
                            "PreSync delete hook Synced migrate", "Sync create Synced web", "PostSync hook Running smoke-test",
                            "PostSync hook Succeeded smoke-test");
            assertThat(controllers.events()).containsSubsequence("Job migrate Complete", "Deployment web rolled out",
                    "Job smoke-test Complete");
            assertThat(k.batch().v1().jobs().inNamespace("hooks").withName("migrate").get()).as("HookSucceeded").isNull();
            String firstUid = k.batch().v1().jobs().inNamespace("hooks").withName("smoke-test").get().getMetadata().getUid();
            assertThat(r.status().resources()).extracting(s -> s.name()).containsExactly("web");

            SyncResult again = engine.sync(app.withStatus(r.status()), target("h2", yaml), SyncRequest.DEFAULT, line -> { });
            assertThat(again.succeeded()).as(again.message()).isTrue();
            assertThat(k.batch().v1().jobs().inNamespace("hooks").withName("smoke-test").get().getMetadata().getUid())
                    .as("BeforeHookCreation replaced the old hook").isNotEqualTo(firstUid);
            assertThat(again.steps()).noneMatch(s -> s.action() == SyncResult.Action.PRUNE);
        }
    }

    @Test
    void aChangeMadeBetweenCompareAndApplyIsKept() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "fresh")) {
            String service = """
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: web
                      annotations: {argocd.argoproj.io/sync-wave: "1"}
                    spec:
                      selector: {app: web}
                      ports: [{name: http, port: 80, targetPort: %d}]
                    """;
            Application app = app("fresh", "fresh", "");
            SyncResult first = engine.sync(app, target("f1", deployment("database", 0) + service.formatted(8080)),
                    SyncRequest.DEFAULT, line -> { });
            assertThat(first.succeeded()).as(first.message()).isTrue();

            controllers.hold("Deployment", "database");
            String changed = deployment("database", 0).replace("example/database:1", "example/database:2") + service.formatted(8081);
            CompletableFuture<SyncResult> sync = CompletableFuture.supplyAsync(() -> engine.sync(app.withStatus(first.status()),
                    target("f2", changed), SyncRequest.DEFAULT, line -> { }));
            waitUntil(() -> "example/database:2".equals(k.apps().deployments().inNamespace("fresh").withName("database").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
            // While wave 0 waits, someone adds a port: the sync compared before this, and applies wave 1 after it.
            k.services().inNamespace("fresh").withName("web").edit(svc -> new io.fabric8.kubernetes.api.model.ServiceBuilder(svc)
                    .editSpec().addNewPort().withName("https").withPort(443).endPort().endSpec().build());
            controllers.release("Deployment", "database");

            SyncResult r = sync.get(30, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(r.message()).isTrue();
            assertThat(k.services().inNamespace("fresh").withName("web").get().getSpec().getPorts())
                    .extracting(p -> p.getName() + " " + p.getPort() + " " + (p.getTargetPort() == null ? "" : p.getTargetPort().getIntVal()))
                    .as("the patch is computed from a fresh read, so the concurrent port survives")
                    .containsExactlyInAnyOrder("http 80 8081", "https 443 ");
        }
    }

    @Test
    void waitingForHealthReadsOnlyTheObjectsNotYetHealthy() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "patience")) {
            String yaml = deployment("web", 0) + """
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    data: {v: "1"}
                    """;
            Application app = app("patience", "patience", "");
            controllers.hold("Deployment", "web");
            SyncResult synced = engine.sync(app, target("p1", yaml), SyncRequest.DEFAULT, line -> { });
            assertThat(synced.succeeded()).as(synced.message()).isTrue();
            java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
            ClientResources real = new ClientResources(k);
            io.gitopsbridge.kube.Resources counting = InterceptedResources.of(real, (method, args) -> {
                if (method.equals("get")) {
                    calls.add("get " + args[2]);
                } else if (method.equals("list")) {
                    calls.add("list");
                }
                return InterceptedResources.PASS;
            });
            SyncEngine watching = new SyncEngine(counting, FAST);
            watching.compare(app.withStatus(synced.status()), target("p1", yaml));
            long listsPerComparison = calls.stream().filter(c -> c.equals("list")).count();
            calls.clear();

            Comparison healthy = watching.awaitHealthy(app.withStatus(synced.status()), target("p1", yaml),
                    java.time.Duration.ofSeconds(30), line -> {
                        if (line.startsWith("Health: Progressing")) {
                            controllers.release("Deployment", "web");
                        }
                    });

            assertThat(healthy.health().status()).isEqualTo(io.gitopsbridge.health.HealthStatus.HEALTHY);
            assertThat(calls.stream().filter(c -> c.equals("list")).count()).as("one comparison first, one at the end")
                    .isEqualTo(2 * listsPerComparison);
            assertThat(calls.stream().filter(c -> c.startsWith("get")).distinct()).as("polls read only the Deployment")
                    .containsExactly("get web");
        }
    }

    @Test
    void replaceKeepsNoLastAppliedRecordSoLargeObjectsFit() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: big
                  annotations: {argocd.argoproj.io/sync-options: Replace=true}
                data: {v: "1"}
                """;
        Application app = app("replace", "replace", "");
        SyncResult first = engine.sync(app, target("r1", yaml), SyncRequest.DEFAULT, line -> { });
        SyncResult second = engine.sync(app.withStatus(first.status()), target("r2", yaml.replace("v: \"1\"", "v: \"2\"")),
                SyncRequest.DEFAULT, line -> { });

        assertThat(second.succeeded()).as(second.message()).isTrue();
        var live = api.client().configMaps().inNamespace("replace").withName("big").get();
        assertThat(live.getData()).containsEntry("v", "2");
        assertThat(live.getMetadata().getAnnotations()).as("kubectl replace writes none either")
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    void aWavesHooksGoInKindOrderWithItsResources() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "kinds")) {
            String yaml = deployment("web", 0) + """
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: marker
                      annotations: {argocd.argoproj.io/hook: Sync}
                    data: {at: start}
                    """;
            SyncResult r = engine.sync(app("kinds", "kinds", ""), target("k1", yaml), SyncRequest.DEFAULT, line -> { });

            assertThat(r.succeeded()).as(r.message()).isTrue();
            assertThat(r.steps()).extracting(st -> st.action().text() + " " + st.key().name()).as("a ConfigMap comes before a"
                    + " Deployment, hook or not, as gitops-engine orders a wave's tasks")
                    .startsWith("hook marker", "create web");
        }
    }

    @Test
    void helmsCrdInstallAnnotationMarksAnOrdinaryResourceNotAHook() {
        java.util.Map<String, Object> crd = java.util.Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind",
                "CustomResourceDefinition", "metadata", java.util.Map.of("name", "widgets.example.com",
                        "annotations", java.util.Map.of("helm.sh/hook", "crd-install")));
        assertThat(Hook.of(crd)).isEmpty();
        java.util.Map<String, Object> job = java.util.Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata",
                java.util.Map.of("name", "m", "annotations", java.util.Map.of("helm.sh/hook", "crd-install,pre-install")));
        assertThat(Hook.of(job)).get().extracting(Hook::phases).isEqualTo(java.util.Set.of(SyncPhase.PRE_SYNC));
    }

    @Test
    void aDryRunPlansNamespacesCrdsAndKindsInOrderWithoutWriting() throws Exception {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: plan}
                spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a, image: b}]}}}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: plan}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: plan}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: plan, annotations: {argocd.argoproj.io/sync-wave: "-1"}}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com, annotations: {argocd.argoproj.io/sync-wave: "5"}}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: web, namespace: plan}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: plan}
                """ + job("migrate", "PreSync", null, false).replace("name: migrate", "name: migrate\n  namespace: plan");
        api.takeRequests();
        SyncResult r = engine.sync(app("plan", "plan", ""), target("p1", yaml), SyncRequest.DEFAULT.withDryRun(true), line -> { });
        List<String> requests = api.takeRequests();

        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(r.dryRun()).isTrue();
        assertThat(r.plan()).isEqualTo("""
                PHASE    WAVE  ACTION           RESOURCE
                PreSync     0  create           Namespace plan
                PreSync     0  hook             batch/Job plan/migrate  (hook)
                Sync       -1  create           ConfigMap plan/settings
                Sync        0  create           ServiceAccount plan/web
                Sync        0  create           Service plan/web
                Sync        0  create           apps/Deployment plan/web
                Sync        0  create           apiextensions.k8s.io/CustomResourceDefinition widgets.example.com
                Sync        0  create           example.com/Widget plan/w
                """);
        assertThat(requests).allMatch(req -> req.startsWith("GET "), "a dry run only reads");
    }

    private static String configMap(String name, int wave, String finalizer) {
        return SyncFixtures.configMap(name, wave, null, finalizer);
    }

    @Test
    void aLastStepWithHooksWaitsForItsResourcesTooAsGitopsEnginesNextPassDoes() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "lasthooks")) {
            controllers.hold("Deployment", "web");
            CompletableFuture<SyncResult> sync = CompletableFuture.supplyAsync(() -> engine.sync(app("lasthooks", "lasthooks", ""),
                    target("l1", deployment("web", 0) + job("notify", "Sync", null, false)), SyncRequest.DEFAULT, line -> { }));
            waitUntil(() -> controllers.events().contains("Job notify Complete"));
            waitUntil(() -> k.batch().v1().jobs().inNamespace("lasthooks").withName("notify").get().getMetadata().getFinalizers()
                    .isEmpty());

            assertThat(sync).as("the hook is done, the Deployment is still rolling out").isNotDone();
            controllers.release("Deployment", "web");
            SyncResult r = sync.get(30, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(r.message()).isTrue();
        }
    }

    @Test
    void anOperationOutOfTimeRunsNoSyncFailHooksAsArgoCdTerminatesIt() throws Exception {
        KubernetesClient k = api.client();
        try (TestControllers controllers = TestControllers.start(k, "outoftime")) {
            controllers.hold("Job", "slow");
            SyncResult r = engine.sync(app("outoftime", "outoftime", ""),
                    target("t1", job("slow", "PreSync", null, false) + job("cleanup", "SyncFail", null, false) + deployment("web", 0)),
                    SyncRequest.DEFAULT.withTimeout(Duration.ofSeconds(1)), line -> { });

            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).startsWith("Sync failed: timed out in PreSync wave 0 waiting for batch/Job outoftime/slow (hook).")
                    .endsWith("not applied: 1 (apps/Deployment outoftime/web). SyncFail hooks were not run: the operation's time was up");
            assertThat(k.batch().v1().jobs().inNamespace("outoftime").withName("cleanup").get()).isNull();
            assertThat(k.batch().v1().jobs().inNamespace("outoftime").withName("slow").get().getMetadata().getFinalizers())
                    .as("the running hook is released to its delete policy").isEmpty();
        }
    }

    @Test
    void aPrunedObjectStillBeingDeletedHoldsTheNextWaveAsInGitopsEngine() throws Exception {
        KubernetesClient k = api.client();
        Application app = app("deleting", "deleting", "");
        SyncResult first = engine.sync(app, target("d1", configMap("old", 0, "example.com/hold")), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        java.util.concurrent.atomic.AtomicInteger readsOfOld = new java.util.concurrent.atomic.AtomicInteger();
        io.gitopsbridge.kube.Resources counting = InterceptedResources.of(new ClientResources(k), (method, args) -> {
            if (method.equals("get") && "old".equals(args[2])) {
                readsOfOld.incrementAndGet();
            }
            return InterceptedResources.PASS;
        });

        CompletableFuture<SyncResult> sync = CompletableFuture.supplyAsync(() -> new SyncEngine(counting, FAST).sync(
                app.withStatus(first.status()), target("d2", configMap("next", 0, null) + configMap("last", 1, null)),
                SyncRequest.DEFAULT.withPrune(true), line -> { }));
        waitUntil(() -> readsOfOld.get() >= 5);

        assertThat(k.configMaps().inNamespace("deleting").withName("old").get().getMetadata().getDeletionTimestamp())
                .as("the prune was sent; a finalizer keeps the object").isNotNull();
        assertThat(k.configMaps().inNamespace("deleting").withName("last").get())
                .as("wave 1 waits while wave 0's pruned object is still being deleted").isNull();
        k.configMaps().inNamespace("deleting").withName("old").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });
        SyncResult r = sync.get(30, TimeUnit.SECONDS);

        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(k.configMaps().inNamespace("deleting").withName("last").get()).isNotNull();
    }

    @Test
    void aLaterWaveJudgesItsObjectOnAFreshReadNotOnTheComparisonsSnapshot() {
        KubernetesClient k = api.client();
        Application app = app("fresh", "fresh", "");
        String yaml = configMap("early", 0, null) + configMap("late", 1, null);
        SyncResult first = engine.sync(app, target("f1", yaml), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        // Someone changes "late" after the comparison, while wave 0 is being applied: the snapshot says it is synced.
        io.gitopsbridge.kube.Resources editingDuringWave0 = InterceptedResources.of(new ClientResources(k), (method, args) -> {
            if (method.equals("get") && "early".equals(args[2])) {
                k.configMaps().inNamespace("fresh").withName("late").edit(cm -> {
                    cm.setData(java.util.Map.of("v", "changed by hand"));
                    return cm;
                });
            }
            return InterceptedResources.PASS;
        });

        SyncResult r = new SyncEngine(editingDuringWave0, FAST).sync(app.withStatus(first.status()),
                target("f2", configMap("early", 0, null).replace("v: \"1\"", "v: \"2\"") + configMap("late", 1, null)),
                SyncRequest.DEFAULT, line -> { });

        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(k.configMaps().inNamespace("fresh").withName("late").get().getData()).containsEntry("v", "1");
        assertThat(r.steps()).extracting(s -> s.key().name() + " " + s.action().text()).contains("early update", "late update");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 20 s").isLessThan(end);
            Thread.sleep(20);
        }
    }
}
