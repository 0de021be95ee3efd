package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.tracking.TrackingId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PruneTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static String configMaps(String... names) {
        StringBuilder out = new StringBuilder();
        for (String n : names) {
            out.append("""
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                    data: {name: %s}
                    """.formatted(n, n));
        }
        return out.toString();
    }

    private final SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);

    private Application synced(Application app, String yaml) {
        SyncResult r = engine.sync(app, target("c1", yaml), SyncRequest.DEFAULT, line -> { });
        assertThat(r.succeeded()).as(r.message()).isTrue();
        return app.withStatus(r.status());
    }

    private List<String> names(String namespace) {
        return api.client().configMaps().inNamespace(namespace).list().getItems().stream().map(c -> c.getMetadata().getName())
                .sorted().toList();
    }

    @Test
    void prunesOnlyWhenAskedAndOnlyWhatIsTrackedOwnerlessAndNotOptedOut() {
        KubernetesClient k = api.client();
        Application app = synced(app("p", "prune", ""), configMaps("a", "b", "keep"));
        k.configMaps().inNamespace("prune").withName("keep").edit(c -> {
            c.getMetadata().getAnnotations().put("argocd.argoproj.io/sync-options", "Prune=false");
            return c;
        });
        // A child an operator made, with the tracking annotation copied from its parent.
        k.configMaps().inNamespace("prune").resource(new ConfigMapBuilder().withNewMetadata().withName("child")
                .addToAnnotations(TrackingId.ANNOTATION, "p:/ConfigMap:prune/a").endMetadata().build()).create();
        // Tracked to this application, but owned by another object.
        k.configMaps().inNamespace("prune").resource(new ConfigMapBuilder().withNewMetadata().withName("owned")
                .addToAnnotations(TrackingId.ANNOTATION, "p:/ConfigMap:prune/owned")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("a").withUid("u-1").endOwnerReference()
                .endMetadata().build()).create();
        // Someone else's, with no tracking at all.
        k.configMaps().inNamespace("prune").resource(new ConfigMapBuilder().withNewMetadata().withName("stranger").endMetadata()
                .build()).create();

        Comparison c = engine.compare(app, target("c2", configMaps("a")));
        assertThat(c.status()).isEqualTo(SyncCode.OUT_OF_SYNC);
        assertThat(c.resources()).filteredOn(ResourceState::requiresPruning).extracting(r -> r.key().name())
                .containsExactly("b", "keep");

        SyncResult withoutPrune = engine.sync(app, target("c2", configMaps("a")), SyncRequest.DEFAULT, line -> { });
        assertThat(withoutPrune.succeeded()).isTrue();
        assertThat(withoutPrune.steps()).filteredOn(s -> s.action() == SyncResult.Action.PRUNE)
                .extracting(s -> s.key().name() + " " + s.status() + " " + s.message())
                .containsExactly("b PruneSkipped ignored (requires pruning)", "keep PruneSkipped ignored (no prune)");
        assertThat(names("prune")).containsExactly("a", "b", "child", "keep", "owned", "stranger");

        SyncResult pruned = engine.sync(app, target("c2", configMaps("a")), SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(pruned.succeeded()).isTrue();
        assertThat(names("prune")).containsExactly("a", "child", "keep", "owned", "stranger");
        assertThat(pruned.status().resources()).filteredOn(r -> r.requiresPruning()).extracting(r -> r.name())
                .containsExactly("keep");
    }

    @Test
    void aFailedRenderIsUnknownAndNeverPrunes() {
        Application app = synced(app("broken", "broken", ""), configMaps("a", "b"));
        Target failed = Target.failed("kustomization.yaml: 'resources' lists missing.yaml, which does not exist", List.of("c2"));

        Comparison c = engine.compare(app, failed);
        assertThat(c.status()).isEqualTo(SyncCode.UNKNOWN);
        assertThat(c.conditions()).singleElement().satisfies(cond -> {
            assertThat(cond.type()).isEqualTo("ComparisonError");
            assertThat(cond.message()).contains("missing.yaml");
        });
        SyncResult r = engine.sync(app, failed, SyncRequest.DEFAULT.withPrune(true).withAllowEmpty(true), line -> { });
        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).startsWith("Not synced: rendering failed: kustomization.yaml").endsWith("Nothing was changed or pruned.");
        assertThat(r.status().sync().status()).isEqualTo(SyncCode.UNKNOWN);
        assertThat(r.status().operationState().phase()).isEqualTo("Failed");
        assertThat(names("broken")).containsExactly("a", "b");
    }

    @Test
    void anEmptyRenderPrunesEverythingOnlyWithAllowEmpty() {
        Application app = synced(app("empty", "empty", ""), configMaps("a", "b"));

        SyncResult refused = engine.sync(app, target("c2", ""), SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.message()).isEqualTo("Not synced, nothing was changed: Git has no resources for this application, and"
                + " pruning would delete all 2 of its live resources; set allowEmpty to allow this");
        assertThat(names("empty")).containsExactly("a", "b");

        Application allowing = app("empty", "empty", """
                syncPolicy:
                  automated: {prune: true, allowEmpty: true}
                """).withStatus(app.status());
        SyncResult allowed = engine.sync(allowing, target("c2", ""), SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(allowed.succeeded()).as(allowed.message()).isTrue();
        assertThat(names("empty")).isEmpty();
    }

    @Test
    void findsObjectsOfAKindTheApplicationNoLongerRendersThroughItsStatus() {
        String both = configMaps("a") + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData: {password: canary-token-prune}
                """;
        Application app = synced(app("kinds", "kinds", ""), both);
        assertThat(app.status().resources()).extracting(r -> r.kind() + "/" + r.name()).containsExactly("ConfigMap/a", "Secret/s");

        SyncResult r = engine.sync(app, target("c2", configMaps("a")), SyncRequest.DEFAULT.withPrune(true), line -> { });
        assertThat(r.succeeded()).isTrue();
        assertThat(r.steps()).extracting(s -> s.action().text() + " " + s.key()).contains("prune Secret kinds/s");
        assertThat(api.client().secrets().inNamespace("kinds").withName("s").get()).isNull();
    }
}
