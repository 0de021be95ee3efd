package io.gitopsbridge.bench;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.yaml.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One application of 1,000 resources (400 ConfigMaps, 200 Secrets, 200 Services, 200 Deployments) against the mock API
 * server: the first sync, then a full no-op reconcile (render cached, live state read, diff, apply of nothing) next to
 * the naive strategy of re-applying every object (read, then write each), and {@code kubectl apply -f} of the same
 * objects when kubectl can talk to the server. Prints times, requests by method, and the ratio.
 */
public final class SyncBench {
    private static final int RUNS = 5;

    private SyncBench() {}

    public static void main(String[] args) throws Exception {
        Application app = Application.parse("bench.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: bench}
                spec:
                  source: {repoURL: https://git.example.com/bench.git, path: bench}
                  destination: {server: https://kubernetes.default.svc, namespace: bench}
                """);
        List<Manifest> manifests = objects();
        Target target = Target.rendered(manifests, List.of("0123456789abcdef0123456789abcdef01234567"));
        EngineSettings settings = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(100));
        try (KubernetesApi api = KubernetesApi.http().start()) {
            ClientResources resources = new ClientResources(api.client());
            SyncEngine engine = new SyncEngine(resources, settings);
            api.takeRequests();

            long t0 = System.nanoTime();
            SyncResult first = engine.sync(app, target, SyncRequest.DEFAULT, line -> { });
            long firstMs = millis(t0);
            check(first);
            Map<String, Integer> firstRequests = byMethod(api.takeRequests());
            Application synced = app.withStatus(first.status());

            long[] noop = new long[RUNS];
            Map<String, Integer> noopRequests = Map.of();
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                SyncResult r = engine.sync(synced, target, SyncRequest.DEFAULT, line -> { });
                noop[i] = millis(t);
                check(r);
                if (r.steps().stream().anyMatch(s -> s.action() != SyncResult.Action.UNCHANGED)) {
                    throw new IllegalStateException("a reconcile of an unchanged application changed something");
                }
                noopRequests = byMethod(api.takeRequests());
            }

            long[] naive = new long[RUNS];
            Map<String, Integer> naiveRequests = Map.of();
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                reapplyAll(resources, synced, manifests);
                naive[i] = millis(t);
                naiveRequests = byMethod(api.takeRequests());
            }

            String kubectl = kubectl(api, manifests);
            long noopMedian = median(noop);
            long naiveMedian = median(naive);
            System.out.println();
            System.out.println("Sync engine, one application of " + manifests.size() + " resources, mock API server (median of "
                    + RUNS + " runs)");
            System.out.println("| Strategy | Time | Requests |");
            System.out.println("|---|---:|---|");
            System.out.printf("| First sync (creates everything) | %d ms | %s |%n", firstMs, firstRequests);
            System.out.printf("| No-op reconcile: render cached, read, diff, apply nothing | %d ms | %s |%n", noopMedian, noopRequests);
            System.out.printf("| Naive: re-apply every object (GET + PUT each) | %d ms | %s |%n", naiveMedian, naiveRequests);
            System.out.printf("| kubectl apply -f (same objects, same server) | %s |  |%n", kubectl);
            System.out.printf("Ratio naive / no-op: %.1fx; write requests in a no-op reconcile: %d%n", (double) naiveMedian
                    / Math.max(1, noopMedian), noopRequests.entrySet().stream().filter(e -> !e.getKey().equals("GET"))
                    .mapToInt(Map.Entry::getValue).sum());
        }
    }

    private static List<Manifest> objects() {
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(object("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-%d}\ndata: {index: '%d', color: blue}\n", i));
        }
        for (int i = 0; i < 200; i++) {
            out.add(object("apiVersion: v1\nkind: Secret\nmetadata: {name: secret-%d}\nstringData: {password: bench-%d}\n", i));
            out.add(object("apiVersion: v1\nkind: Service\nmetadata: {name: svc-%d}\nspec: {selector: {app: app-%1$d},"
                    + " ports: [{port: 80, targetPort: 8080}]}\n", i));
            out.add(object("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: app-%d}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: app-%1$d}}
                      template:
                        metadata: {labels: {app: app-%1$d}}
                        spec:
                          containers:
                            - name: app
                              image: registry.example.com/app:%1$d
                              ports: [{containerPort: 8080}]
                              resources: {limits: {cpu: 500m, memory: 256Mi}}
                    """, i));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Manifest object(String yaml, int i) {
        Object o = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(yaml.formatted(i, i));
        return new Manifest((Map<String, Object>) o, "bench.yaml");
    }

    /** What re-applying everything costs: each object read, then written back whole. */
    private static void reapplyAll(Resources resources, Application app, List<Manifest> manifests) {
        for (Manifest m : manifests) {
            ResourceType type = resources.type(m.apiVersion(), m.kind()).orElseThrow();
            Map<String, Object> live = resources.get(type, app.targetNamespace(), m.name()).orElseThrow();
            Map<String, Object> object = Trees.copy(m.object());
            Map<String, Object> metadata = Trees.map(object.get("metadata"));
            metadata.put("namespace", app.targetNamespace());
            metadata.put("resourceVersion", Trees.map(live.get("metadata")).get("resourceVersion"));
            metadata.put("annotations", Trees.map(live.get("metadata")).get("annotations"));
            resources.replace(type, object, Resources.Validation.STRICT);
        }
    }

    /** {@code kubectl apply -f} against the mock server, timed, or why it could not run. */
    private static String kubectl(KubernetesApi api, List<Manifest> manifests) {
        try {
            Path dir = Files.createTempDirectory("sync-bench");
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("bench", "bench"));
            Path file = Files.writeString(dir.resolve("objects.yaml"), Renderer.yaml(manifests), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "apply", "--validate=false", "-n", "bench",
                    "-f", file.toString()).redirectErrorStream(true);
            long t = System.nanoTime();
            Process p = pb.start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "did not finish in 300 s";
            }
            long ms = millis(t);
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String last = text.lines().reduce((a, b) -> b).orElse("");
                return "failed after " + ms + " ms (exit " + p.exitValue() + "): " + (last.length() > 160 ? last.substring(0, 160) + "…" : last);
            }
            return ms + " ms";
        } catch (java.io.IOException e) {
            return "not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void check(SyncResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException(r.message());
        }
    }

    private static Map<String, Integer> byMethod(List<String> requests) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String r : requests) {
            out.merge(r.substring(0, r.indexOf(' ')), 1, Integer::sum);
        }
        return out;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
