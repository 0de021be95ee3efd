package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rendered objects the engine cannot work with make the state Unknown, with the file and object named. */
class BadManifestsTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);

    private String comparisonError(String yaml) {
        Comparison c = engine.compare(app("bad", "bad", ""), target("b1", yaml));
        assertThat(c.status()).isEqualTo(SyncCode.UNKNOWN);
        SyncResult r = engine.sync(app("bad", "bad", ""), target("b1", yaml), SyncRequest.DEFAULT, line -> { });
        assertThat(r.succeeded()).isFalse();
        assertThat(api.client().configMaps().inNamespace("bad").list().getItems()).as("nothing applied").isEmpty();
        return c.conditions().get(0).message();
    }

    @Test
    void eachProblemIsNamed() {
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
        assertThat(comparisonError(cm + "  annotations: {argocd.argoproj.io/sync-wave: soon}\n")).isEqualTo(
                "manifests.yaml: ConfigMap bad/c: argocd.argoproj.io/sync-wave: 'soon' is not a whole number");
        assertThat(comparisonError(cm + "  annotations: {argocd.argoproj.io/hook: PreSyncc}\n")).isEqualTo(
                "manifests.yaml: ConfigMap c: argocd.argoproj.io/hook: unknown hook type 'PreSyncc' (known: PreSync, Sync,"
                        + " PostSync, SyncFail, Skip)");
        assertThat(comparisonError(cm + "  annotations: {argocd.argoproj.io/hook: Sync, argocd.argoproj.io/hook-delete-policy:"
                + " Never}\n")).isEqualTo("manifests.yaml: ConfigMap c: argocd.argoproj.io/hook-delete-policy: unknown policy"
                        + " 'Never' (known: HookSucceeded, HookFailed, BeforeHookCreation)");
        assertThat(comparisonError(cm + "  annotations: {argocd.argoproj.io/sync-options: Prune=maybe}\n")).isEqualTo(
                "manifests.yaml: ConfigMap bad/c: sync option Prune takes confirm or false or true, not 'maybe'");
        assertThat(comparisonError(cm + "---\n" + cm)).isEqualTo(
                "ConfigMap bad/c appears twice: in manifests.yaml and in manifests.yaml");
        assertThat(comparisonError("apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n")).isEqualTo(
                "manifests.yaml: v1 ConfigMap has no metadata.name");
        assertThat(comparisonError("kind: ConfigMap\nmetadata: {name: c}\n")).isEqualTo(
                "manifests.yaml: an object without apiVersion, kind or metadata");
    }
}
