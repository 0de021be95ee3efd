package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SyncOptionsTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);

    private static final String SCALED = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              replicas: 2
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                    - {name: api, image: "example/api:1"}
                    - {name: proxy, image: "example/proxy:1"}
            """;

    private void scaleAndRetag(String namespace) {
        api.client().apps().deployments().inNamespace(namespace).withName("api").edit(d -> {
            d.getSpec().setReplicas(7);
            d.getSpec().getTemplate().getSpec().getContainers().get(1).setImage("example/proxy:2");
            return d;
        });
    }

    @Test
    void ignoreDifferencesEndsTheOutOfSyncLoopAndRespectIgnoreDifferencesKeepsTheLiveValues() {
        KubernetesClient k = api.client();
        String ignore = """
                ignoreDifferences:
                  - group: apps
                    kind: Deployment
                    jsonPointers: [/spec/replicas]
                    jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "proxy") | .image']
                """;
        Application plain = app("loop", "loop", "");
        SyncResult first = engine.sync(plain, target("l1", SCALED), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        scaleAndRetag("loop");
        assertThat(engine.compare(plain.withStatus(first.status()), target("l1", SCALED)).status()).isEqualTo(SyncCode.OUT_OF_SYNC);

        Application ignoring = app("loop", "loop", ignore).withStatus(first.status());
        assertThat(engine.compare(ignoring, target("l1", SCALED)).status()).isEqualTo(SyncCode.SYNCED);
        // Without RespectIgnoreDifferences a sync still writes Git's values, as Argo CD does.
        engine.sync(ignoring, target("l1", SCALED), SyncRequest.DEFAULT, line -> { });
        assertThat(k.apps().deployments().inNamespace("loop").withName("api").get().getSpec().getReplicas()).isEqualTo(2);

        scaleAndRetag("loop");
        Application respecting = app("loop", "loop", ignore + """
                syncPolicy:
                  syncOptions: [RespectIgnoreDifferences=true]
                """).withStatus(first.status());
        SyncResult kept = engine.sync(respecting, target("l2", SCALED.replace("example/api:1", "example/api:2")),
                SyncRequest.DEFAULT, line -> { });
        assertThat(kept.succeeded()).as(kept.message()).isTrue();
        var d = k.apps().deployments().inNamespace("loop").withName("api").get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(7);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getImage())
                .containsExactly("example/api:2", "example/proxy:2");
        assertThat(kept.status().sync().status()).isEqualTo(SyncCode.SYNCED);
    }

    @Test
    void createNamespaceMakesAnUntrackedNamespaceThatIsNeverPruned() {
        Application app = app("ns", "created-for-app", """
                syncPolicy:
                  syncOptions: [CreateNamespace=true]
                """);
        SyncResult r = engine.sync(app, target("n1", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
                SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(r.steps()).extracting(s -> s.action().text() + " " + s.key())
                .containsExactly("create namespace Namespace created-for-app", "create ConfigMap created-for-app/c");
        assertThat(api.client().namespaces().withName("created-for-app").get().getMetadata().getAnnotations()).isNullOrEmpty();

        SyncResult emptied = engine.sync(app.withStatus(r.status()), target("n2", ""), SyncRequest.DEFAULT.withPrune(true)
                .withAllowEmpty(true), line -> { });
        assertThat(emptied.succeeded()).isTrue();
        assertThat(api.client().namespaces().withName("created-for-app").get()).isNotNull();
    }

    @Test
    void replaceSendsTheWholeObjectAndForceRecreatesIt() throws Exception {
        String cm = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: big
                  annotations: {argocd.argoproj.io/sync-options: "%s"}
                data: {v: "%s"}
                """;
        Application app = app("replace", "replace", "");
        SyncResult created = engine.sync(app, target("x1", cm.formatted("Replace=true", "1")), SyncRequest.DEFAULT, line -> { });
        String uid = api.client().configMaps().inNamespace("replace").withName("big").get().getMetadata().getUid();

        api.takeRequests();
        SyncResult replaced = engine.sync(app.withStatus(created.status()), target("x2", cm.formatted("Replace=true", "2")),
                SyncRequest.DEFAULT, line -> { });
        assertThat(replaced.steps()).extracting(s -> s.action()).containsExactly(SyncResult.Action.REPLACE);
        assertThat(api.takeRequests()).contains("PUT /api/v1/namespaces/replace/configmaps/big?fieldValidation=Strict");
        assertThat(api.client().configMaps().inNamespace("replace").withName("big").get().getMetadata().getUid()).isEqualTo(uid);

        SyncResult recreated = engine.sync(app.withStatus(replaced.status()), target("x3", cm.formatted("Force=true,Replace=true", "3")),
                SyncRequest.DEFAULT, line -> { });
        assertThat(recreated.steps()).extracting(s -> s.action()).containsExactly(SyncResult.Action.RECREATE);
        var live = api.client().configMaps().inNamespace("replace").withName("big").get();
        assertThat(live.getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(live.getData()).isEqualTo(java.util.Map.of("v", "3"));
    }

    @Test
    void validateFalseAsksTheServerToIgnoreUnknownFields() throws Exception {
        api.takeRequests();
        SyncResult r = engine.sync(app("lenient", "lenient", """
                syncPolicy:
                  syncOptions: [Validate=false]
                """), target("v1", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"), SyncRequest.DEFAULT, line -> { });
        assertThat(r.succeeded()).isTrue();
        List<String> requests = api.takeRequests();
        assertThat(requests).contains("POST /api/v1/namespaces/lenient/configmaps?fieldValidation=Ignore");
    }

    /**
     * The mock server has no server-side apply (it answers 404 for a new object), so this shows only that the engine
     * sends an apply patch as field manager gitops-bridge, forcing conflicts, and reports the server's refusal.
     */
    @Test
    void serverSideApplySendsAnApplyPatchAsItsFieldManager() throws Exception {
        api.takeRequests();
        SyncResult r = engine.sync(app("ssa", "ssa", """
                syncPolicy:
                  syncOptions: [ServerSideApply=true]
                """), target("s1", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"), SyncRequest.DEFAULT, line -> { });
        // The mock has no server-side apply: the server-side dry run of the apply patch already fails, so nothing is
        // written at all, as a server that refused it would have it.
        assertThat(api.takeRequests()).contains("PATCH /api/v1/namespaces/ssa/configmaps/c?fieldManager=gitops-bridge&dryRun=All&force=true")
                .noneMatch(req -> req.startsWith("PATCH") && !req.contains("dryRun=All"));
        assertThat(r.succeeded()).isFalse();
        assertThat(r.steps()).isEmpty();
        assertThat(r.message()).startsWith("Not synced, nothing was changed: the API server's dry run refused ConfigMap ssa/c: ");
    }
}
