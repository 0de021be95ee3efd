package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.FaultProxy;
import io.gitopsbridge.testing.KubernetesApi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Syncs of a 60-object application through a proxy that injects faults request by request: whatever happens, a sync
 * reports success exactly when the cluster then matches Git, and otherwise fails with its cause.
 */
class FaultInjectionTest {
    private static final int OBJECTS = 60;
    private static final int RUNS = 5;

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static String objects(String value) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < OBJECTS; i++) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-").append(i).append("}\ndata: {v: \"")
                    .append(value).append("\"}\n");
        }
        return yaml.toString();
    }

    private static boolean matches(String namespace, String value) {
        List<ConfigMap> items = api.client().configMaps().inNamespace(namespace).list().getItems();
        return items.size() == OBJECTS && items.stream().allMatch(c -> value.equals(c.getData().get("v")));
    }

    @Test
    void everySyncThroughFaultsSucceedsExactlyWhenTheClusterMatchesGit() throws Exception {
        List<FaultProxy.Faults> scenarios = List.of(
                new FaultProxy.Faults("500 on 15% of writes", 0.15, FaultProxy.Fault.STATUS_500, true),
                new FaultProxy.Faults("429 + Retry-After on 10% of requests", 0.10, FaultProxy.Fault.STATUS_429, false),
                new FaultProxy.Faults("409 Conflict on 20% of patches", 0.20, FaultProxy.Fault.CONFLICT_409, true),
                new FaultProxy.Faults("cut before forwarding, 10% of requests", 0.10, FaultProxy.Fault.CUT_BEFORE, false),
                new FaultProxy.Faults("cut after the server handled it, 10% of writes", 0.10, FaultProxy.Fault.CUT_AFTER, true),
                new FaultProxy.Faults("200 ms delay on 20% of requests", 0.20, FaultProxy.Fault.DELAY, false));
        List<String> table = new ArrayList<>();
        table.add("| scenario | syncs | reported success | cluster matched Git | correct (success ⇔ match) | faults injected |");
        table.add("|---|---:|---:|---:|---:|---:|");
        int wrong = 0;
        int counter = 0;
        List<String> failures = new ArrayList<>();
        for (FaultProxy.Faults scenario : scenarios) {
            int syncs = 0;
            int succeeded = 0;
            int matched = 0;
            int correct = 0;
            int injected = 0;
            for (int run = 0; run < RUNS; run++) {
                String ns = "faults-" + ++counter;
                try (FaultProxy proxy = FaultProxy.start(api.url(), scenario, 1000L * counter + run);
                        io.gitopsbridge.cluster.Cluster cluster = connect(proxy)) {
                    SyncEngine engine = new SyncEngine(new ClientResources(cluster.client()), FAST);
                    Application app = app("faults", ns, "syncPolicy: {syncOptions: [CreateNamespace=true]}");
                    SyncResult first = null;
                    for (String value : List.of("1", "2")) {
                        Application current = first == null ? app : app.withStatus(first.status());
                        SyncResult r;
                        try {
                            r = engine.sync(current, target("rev-" + value, objects(value)), SyncRequest.DEFAULT, line -> { });
                        } catch (RuntimeException e) {
                            r = null;
                        }
                        boolean ok = r != null && r.succeeded();
                        if (!ok) {
                            failures.add(scenario.name() + ": " + (r == null ? "exception" : r.message()));
                        }
                        boolean match = matches(ns, value);
                        syncs++;
                        succeeded += ok ? 1 : 0;
                        matched += match ? 1 : 0;
                        if (ok == match && (ok || r == null || !r.message().isBlank())) {
                            correct++;
                        } else {
                            wrong++;
                        }
                        first = r != null ? r : first;
                        if (!ok) {
                            break;
                        }
                    }
                    injected += proxy.injected();
                }
            }
            table.add("| " + scenario.name() + " | " + syncs + " | " + succeeded + " | " + matched + " | " + correct + " | "
                    + injected + " |");
        }
        System.out.println(String.join("\n", table));
        failures.forEach(f -> System.out.println("failed sync: " + f));
        assertThat(wrong).as(String.join("\n", table)).isZero();
    }

    @Test
    void aSilentGitServerFailsTheSyncWithinTheTimeoutAndTouchesNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache)
            throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Application app = SyncFixtures.gitApp("silent", silent.getLocalPort());
            Target target = Targets.fromGit(app, new io.gitopsbridge.render.GitSources(cache, 4)
                    .withTimeout(java.time.Duration.ofSeconds(2)));

            SyncResult r = new SyncEngine(new ClientResources(api.client()), FAST).sync(app, target,
                    SyncRequest.DEFAULT.withPrune(true), line -> { });

            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).startsWith("Not synced: ").endsWith("Nothing was changed or pruned.");
            assertThat(api.client().configMaps().inNamespace("silent").list().getItems()).isEmpty();
        }
    }

    @Test
    void aGitServerThatDribblesIsCutByTheOperationsTimeoutAndTouchesNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache)
            throws Exception {
        // Never silent for long, so the per-read timeout never fires: only the operation's timeout bounds the render.
        try (java.net.ServerSocket dribbling = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = dribbling.accept()) {
                    var out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n"
                            + "Content-Length: 100000\r\n\r\nfff0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    // A pkt-line 65,520 bytes long, a byte at a time.
                    for (int i = 0; i < 600 && !dribbling.isClosed(); i++) {
                        out.write('#');
                        out.flush();
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                    }
                } catch (java.io.IOException e) {
                    // the test closed the socket
                }
            }, "dribbling-git-server");
            server.setDaemon(true);
            server.start();
            Application app = SyncFixtures.gitApp("dribble", dribbling.getLocalPort());
            long started = System.nanoTime();

            Target target = Targets.fromGit(app, new io.gitopsbridge.render.GitSources(cache, 4), java.time.Duration.ofSeconds(2));
            SyncResult r = new SyncEngine(new ClientResources(api.client()), FAST).sync(app, target,
                    SyncRequest.DEFAULT.withPrune(true), line -> { });

            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).isEqualTo("Not synced: rendering failed: timed out after the operation's timeout of 2s."
                    + " Nothing was changed or pruned.");
            assertThat(api.client().configMaps().inNamespace("dribble").list().getItems()).isEmpty();
        }
    }

    /** Connected as the CLI and the plugin connect, with their timeouts and retries, through the proxy. */
    private static io.gitopsbridge.cluster.Cluster connect(FaultProxy proxy) {
        String kubeconfig = api.kubeconfig("canary-token-faults", "default").replace(api.url().toString(), proxy.url().toString());
        return io.gitopsbridge.cluster.ClusterConnector.connect(new io.gitopsbridge.cluster.ClusterConnection("faults",
                io.gitopsbridge.cluster.ClusterSource.Kubeconfig.ofText("test", kubeconfig, null), null));
    }
}
