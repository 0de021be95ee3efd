package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.tracking.TrackingId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SyncEngineTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    static final String WEB = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
            data:
              greeting: hello
              color: blue
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      ports:
                        - containerPort: 80
                      resources:
                        limits: {cpu: 1000m, memory: 3072Mi}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - port: 80
            """;

    private final List<String> log = new ArrayList<>();

    private SyncEngine engine() {
        return new SyncEngine(new ClientResources(api.client()), FAST);
    }

    @Test
    void createsEverythingThenAReconcileOfDefaultedObjectsIsSyncedAndSendsNoWrite() throws Exception {
        Application app = app("web", "shop", "");
        SyncResult first = engine().sync(app, target("aaaa111", WEB), SyncRequest.DEFAULT, log::add);

        assertThat(first.succeeded()).as(first.message()).isTrue();
        assertThat(first.steps()).extracting(s -> s.action().text() + " " + s.key())
                .containsExactly("create ConfigMap shop/web-config", "create Service shop/web", "create apps/Deployment shop/web");
        KubernetesClient k = api.client();
        assertThat(k.configMaps().inNamespace("shop").withName("web-config").get().getMetadata().getAnnotations())
                .containsEntry(TrackingId.ANNOTATION, "web:/ConfigMap:shop/web-config");
        assertThat(first.status().history()).hasSize(1);
        assertThat(first.status().history().get(0).revisions()).containsExactly("aaaa111");

        // Play the API server's defaulting, which the mock does not do.
        k.services().inNamespace("shop").withName("web").edit(s -> {
            s.getSpec().setClusterIP("10.96.0.17");
            s.getSpec().setSessionAffinity("None");
            s.getSpec().setType("ClusterIP");
            s.getSpec().getPorts().get(0).setProtocol("TCP");
            s.getSpec().getPorts().get(0).setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(80));
            return s;
        });
        k.apps().deployments().inNamespace("shop").withName("web").edit(d -> {
            d.getSpec().setRevisionHistoryLimit(10);
            d.getSpec().setProgressDeadlineSeconds(600);
            d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder().withType("RollingUpdate")
                    .withNewRollingUpdate().withNewMaxSurge("25%").withNewMaxUnavailable("25%").endRollingUpdate().build());
            var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.setImagePullPolicy("IfNotPresent");
            c.setTerminationMessagePath("/dev/termination-log");
            c.setTerminationMessagePolicy("File");
            c.getPorts().get(0).setProtocol("TCP");
            c.getResources().getLimits().put("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"));
            c.getResources().getLimits().put("memory", new io.fabric8.kubernetes.api.model.Quantity("3Gi"));
            d.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
            d.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
            d.getSpec().getTemplate().getSpec().setSchedulerName("default-scheduler");
            return d;
        });

        Application synced = app.withStatus(first.status());
        Comparison c = engine().compare(synced, target("aaaa111", WEB));
        assertThat(c.diff()).isEmpty();
        assertThat(c.status()).isEqualTo(SyncCode.SYNCED);

        api.takeRequests();
        SyncResult again = engine().sync(synced, target("aaaa111", WEB), SyncRequest.DEFAULT, log::add);
        List<String> requests = api.takeRequests();
        assertThat(again.succeeded()).isTrue();
        assertThat(again.steps()).extracting(s -> s.action()).containsOnly(SyncResult.Action.UNCHANGED);
        assertThat(requests).isNotEmpty().allMatch(r -> r.startsWith("GET "), "only reads");
    }

    @Test
    void aFieldRemovedFromGitIsOutOfSyncThroughTheLastAppliedRecordAndIsRemovedBySync() {
        Application app = app("removal", "removal", "");
        SyncResult first = engine().sync(app, target("r1", WEB), SyncRequest.DEFAULT, log::add);
        assertThat(first.succeeded()).as(first.message()).isTrue();
        String without = WEB.replace("  color: blue\n", "");

        Comparison c = engine().compare(app.withStatus(first.status()), target("r2", without));
        assertThat(c.status()).isEqualTo(SyncCode.OUT_OF_SYNC);
        assertThat(c.outOfSync()).extracting(r -> r.key().toString()).containsExactly("ConfigMap removal/web-config");
        assertThat(c.diff()).contains("--- live ConfigMap removal/web-config", "+++ desired ConfigMap removal/web-config",
                "-  color: blue", "   greeting: hello");

        SyncResult second = engine().sync(app.withStatus(first.status()), target("r2", without), SyncRequest.DEFAULT, log::add);
        assertThat(second.succeeded()).isTrue();
        ConfigMap cm = api.client().configMaps().inNamespace("removal").withName("web-config").get();
        assertThat(cm.getData()).isEqualTo(Map.of("greeting", "hello"));
        assertThat(second.status().sync().status()).isEqualTo(SyncCode.SYNCED);
        assertThat(second.status().history()).hasSize(2);
    }

    @Test
    void anObjectWithoutTrackingIsAdoptedAsArgoCdDoes() {
        api.client().configMaps().inNamespace("adopted").resource(new ConfigMapBuilder().withNewMetadata().withName("web-config")
                .endMetadata().addToData("owner", "someone else").build()).create();
        Application app = app("mine", "adopted", "");
        SyncResult r = engine().sync(app, target("a1", WEB), SyncRequest.DEFAULT, log::add);

        assertThat(r.succeeded()).as(r.message()).isTrue();
        ConfigMap cm = api.client().configMaps().inNamespace("adopted").withName("web-config").get();
        assertThat(cm.getMetadata().getAnnotations()).containsEntry("argocd.argoproj.io/tracking-id",
                "mine:/ConfigMap:adopted/web-config");
        assertThat(log).anyMatch(l -> l.contains("exists without an application's tracking; this application adopts it"));
        assertThat(r.status().sync().status()).isEqualTo(SyncCode.SYNCED);
    }

    @Test
    void withAdoptionOffAnObjectSomeoneElseCreatedIsNeitherAdoptedNorDeleted() {
        api.client().configMaps().inNamespace("theirs").resource(new ConfigMapBuilder().withNewMetadata().withName("web-config")
                .endMetadata().addToData("owner", "someone else").build()).create();
        Application app = app("mine", "theirs", "");
        SyncResult r = new SyncEngine(new ClientResources(api.client()), FAST.refusingUntracked())
                .sync(app, target("m1", WEB), SyncRequest.DEFAULT.withPrune(true), log::add);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("ConfigMap theirs/web-config: exists but was not created by this application",
                "argocd.argoproj.io/tracking-id: mine:/ConfigMap:theirs/web-config");
        assertThat(api.client().configMaps().inNamespace("theirs").withName("web-config").get().getData())
                .isEqualTo(Map.of("owner", "someone else"));
        assertThat(api.client().services().inNamespace("theirs").withName("web").get()).as("nothing applied").isNull();
        assertThat(r.status().sync().status()).isEqualTo(SyncCode.OUT_OF_SYNC);
        assertThat(r.status().resources()).filteredOn(s -> s.kind().equals("ConfigMap")).singleElement()
                .satisfies(s -> assertThat(s.requiresPruning()).isFalse());
    }

    @Test
    void aCustomResourcesListsMergeAsItsCrdDeclaresThem() throws Exception {
        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd = io.fabric8.kubernetes.client.utils.Serialization
                .unmarshal(io.gitopsbridge.testing.TestCrds.GADGET,
                        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
        api.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        String gadget = """
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                spec:
                  parts: [{name: a, slot: 1}]
                  steps: [one]
                """;
        Application app = app("gadgets", "gadgets", "");
        SyncResult first = engine().sync(app, target("g1", gadget), SyncRequest.DEFAULT, log::add);
        assertThat(first.succeeded()).as(first.message()).isTrue();
        var gadgets = api.client().genericKubernetesResources("example.com/v1", "Gadget").inNamespace("gadgets");

        gadgets.withName("g").edit(g -> {
            ((java.util.List<Object>) ((Map<String, Object>) g.getAdditionalProperties().get("spec")).get("parts"))
                    .add(new java.util.LinkedHashMap<>(Map.of("name", "b", "slot", 2)));
            return g;
        });
        assertThat(engine().compare(app.withStatus(first.status()), target("g1", gadget)).status())
                .as("a part someone added to a map list is theirs, not drift").isEqualTo(SyncCode.SYNCED);

        gadgets.withName("g").edit(g -> {
            ((Map<String, Object>) g.getAdditionalProperties().get("spec")).put("steps", java.util.List.of("one", "two"));
            return g;
        });
        assertThat(engine().compare(app.withStatus(first.status()), target("g1", gadget)).status())
                .as("a change to a list without a list type (atomic) is").isEqualTo(SyncCode.OUT_OF_SYNC);
    }
}
