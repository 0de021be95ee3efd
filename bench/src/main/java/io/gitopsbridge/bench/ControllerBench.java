package io.gitopsbridge.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.controller.SelfHealBackoff;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.MemoryApplications;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller at Argo CD's scale, one run, tables printed. On the mock API server: 1,000 applications of 10
 * ConfigMaps each, automated with self-heal — the first syncs, then a refresh of every application with Git unchanged
 * (API requests by verb; the target is no LIST and no write), the heap the controller keeps, and drift healed (an
 * object edited; time from the edit to the repaired object seen by a separate watch). Then Git: 1,000 applications
 * over 100 repositories refreshed through the render path the controller uses (ls-remote, fetches, renders).
 */
public final class ControllerBench {
    private static final int APPS = 1_000;
    private static final int OBJECTS = 10;
    private static final int HEALS = 100;
    private static final int REPOS = 100;

    /** Held: a logger only weakly referenced would lose its level. The mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private ControllerBench() {}

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        cluster();
        git();
    }

    private static void cluster() throws Exception {
        MemoryApplications store = new MemoryApplications();
        for (int i = 0; i < APPS; i++) {
            store.apps.add(Application.parse("app-" + i + ".yaml", """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata: {name: app-%d, namespace: argocd}
                    spec:
                      source: {repoURL: https://git.example.com/config.git, path: app-%1$d, targetRevision: main}
                      destination: {server: https://kubernetes.default.svc, namespace: ns-%1$d}
                      syncPolicy: {automated: {prune: true, selfHeal: true}}
                    """.formatted(i)));
        }
        Controller.Render git = app -> {
            List<Manifest> objects = new ArrayList<>();
            for (int j = 0; j < OBJECTS; j++) {
                objects.add(new Manifest(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "cm-" + j),
                        "data", Map.of("value", "v1", "index", String.valueOf(j))), app.name() + "/cm.yaml"));
            }
            return Target.rendered(objects, List.of("0123456789abcdef0123456789abcdef01234567"));
        };
        Controller.Settings settings = new Controller.Settings(Duration.ofHours(1), Duration.ZERO, 10, SelfHealBackoff.DEFAULT,
                ZoneOffset.UTC);
        long heapWith;
        long heapWithout;
        long firstMs;
        long warmMs;
        Map<String, Integer> warmRequests;
        long[] heal = new long[HEALS];
        try (KubernetesApi api = KubernetesApi.http().start()) {
            ClientResources server = new ClientResources(api.client());
            try (ClusterCache cache = new ClusterCache(api.client(), Duration.ofMinutes(10));
                    Controller controller = new Controller(store, git, new SyncEngine(server,
                            EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(100)))
                            .comparingFrom(new CachedResources(server, cache)), cache, settings, line -> { })) {
                long t0 = System.nanoTime();
                controller.start();
                waitFor("every application synced", () -> store.saved.values().stream().filter(s -> s.sync().status() == SyncCode.SYNCED
                        && s.operationState() != null).count() == APPS);
                firstMs = millis(t0);
                // Let the watch events of the first syncs settle before counting.
                waitQuiet(store);
                api.takeRequests();

                int before = store.saves.get();
                long t1 = System.nanoTime();
                for (int i = 0; i < APPS; i++) {
                    controller.refresh("app-" + i);
                }
                waitFor("every application refreshed", () -> store.saves.get() >= before + APPS);
                warmMs = millis(t1);
                warmRequests = byVerb(api.takeRequests());
                heapWith = heap();

                heal = heals(api, store);
            }
            // Without the applications and their statuses too: they are the controller's state, whoever stores them.
            store.apps.clear();
            store.saved.clear();
            heapWithout = heap();
        }
        System.out.println();
        System.out.println("Controller, " + APPS + " applications x " + OBJECTS + " ConfigMaps, mock API server (same JVM, 2 cores)");
        System.out.println("| Measure | Result | Target |");
        System.out.println("|---|---:|---|");
        System.out.printf("| First automated sync of all | %d ms | |%n", firstMs);
        System.out.printf("| Warm refresh of all, Git unchanged | %d ms | |%n", warmMs);
        System.out.printf("| API requests during the warm refresh | %s | 0 LIST, 0 writes |%n", warmRequests.isEmpty() ? "none" : warmRequests);
        System.out.printf("| Heap after GC: controller, cache and the mock server's %,d objects | %d MB | |%n", APPS * OBJECTS,
                heapWith / (1 << 20));
        System.out.printf("| Heap after GC once the controller, its cache and the applications with their statuses are gone (mock server and JVM) | %d MB | |%n",
                heapWithout / (1 << 20));
        System.out.printf("| Heap of the controller, its cache and the applications (the difference) | %d MB | <= 100 MB |%n",
                (heapWith - heapWithout) / (1 << 20));
        System.out.printf("| Self-heal, edit to repaired object seen by a watch (%d drifts, one per application) | p50 %d ms, p90 %d ms,"
                + " p99 %d ms, max %d ms | p99 <= 1000 ms |%n", HEALS, percentile(heal, 50), percentile(heal, 90), percentile(heal, 99),
                heal[heal.length - 1]);
    }

    /** One drift at a time: an object edited by hand, timed until a separate watch sees it repaired. */
    private static long[] heals(KubernetesApi api, MemoryApplications store) throws Exception {
        long[] out = new long[HEALS];
        Map<String, Long> repairedAt = new ConcurrentHashMap<>();
        SharedIndexInformer<ConfigMap> watch = api.client().configMaps().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                if ("v1".equals(after.getData().get("value")) && !"v1".equals(before.getData().get("value"))) {
                    repairedAt.put(after.getMetadata().getNamespace() + "/" + after.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
            }
        }, 0);
        try {
            waitFor("the bench's watch synced", watch::hasSynced);
            java.util.Random random = new java.util.Random(42);
            // Distinct applications: a second drift of one application waits out Argo CD's self-heal backoff (2 s).
            List<Integer> picks = new ArrayList<>(java.util.stream.IntStream.range(0, APPS).boxed().toList());
            java.util.Collections.shuffle(picks, random);
            for (int i = 0; i < HEALS; i++) {
                String ns = "ns-" + picks.get(i);
                String name = "cm-" + random.nextInt(OBJECTS);
                String key = ns + "/" + name;
                repairedAt.remove(key);
                long t = System.nanoTime();
                api.client().configMaps().inNamespace(ns).withName(name).edit(cm -> {
                    cm.getData().put("value", "changed by hand");
                    return cm;
                });
                waitFor("drift of " + key + " healed", () -> repairedAt.containsKey(key));
                out[i] = (repairedAt.get(key) - t) / 1_000_000;
            }
        } finally {
            watch.close();
        }
        Arrays.sort(out);
        return out;
    }

    /** 1,000 applications over 100 repositories through the controller's render path, cold, warm, and within the window. */
    private static void git() throws Exception {
        Path dir = Files.createTempDirectory("controller-bench");
        List<Source> sources = new ArrayList<>();
        try (GitHttpServer server = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            for (int r = 0; r < REPOS; r++) {
                Map<String, String> files = new LinkedHashMap<>();
                for (int a = 0; a < APPS / REPOS; a++) {
                    files.put("app-" + a + "/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {v: '" + a + "'}\n");
                    sources.add(Source.from(Map.of("repoURL", server.url("config-" + r).toString(), "targetRevision", "main",
                            "path", "app-" + a), "app.yaml"));
                }
                server.createRepository("config-" + r, files);
            }
            GitSources base = new GitSources(dir.resolve("cache"), 10_000);
            System.out.println();
            System.out.println("Refresh of " + APPS + " applications over " + REPOS + " repositories (Git over HTTP, same JVM)");
            System.out.println("| Refresh | Time | ls-remote | fetches and clones | renders | Target |");
            System.out.println("|---|---:|---:|---:|---:|---|");
            // A new revision-cache window each time: what the servers said before is not reused.
            cycle("Cold (empty cache)", base.withRevisionCache(Duration.ofMinutes(3)), sources, "");
            GitSources window = base.withRevisionCache(Duration.ofMinutes(3));
            cycle("Next cycle, Git unchanged", window, sources, "100 ls-remote, 0 renders");
            cycle("Within the revision-cache window", window, sources, "");
        }
    }

    private static void cycle(String what, GitSources sources, List<Source> apps, String target) {
        var before = sources.counts();
        int renders = 0;
        long t = System.nanoTime();
        for (int i = 0; i < apps.size(); i++) {
            if (!sources.render(apps.get(i), "app-" + i, "default").cached()) {
                renders++;
            }
        }
        var after = sources.counts();
        System.out.printf("| %s | %d ms | %d | %d | %d | %s |%n", what, millis(t), after.lsRemotes() - before.lsRemotes(),
                after.fetches() - before.fetches(), renders, target);
    }

    /** Waits until no status has been saved for a second: the watch events of the syncs have been handled. */
    private static void waitQuiet(MemoryApplications store) throws InterruptedException {
        int last = -1;
        while (store.saves.get() != last) {
            last = store.saves.get();
            Thread.sleep(1000);
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not within 10 minutes: " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Requests by verb as the API server counts them: GET of one object, LIST, WATCH, and the writes. */
    static Map<String, Integer> byVerb(List<String> requests) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String r : requests) {
            String method = r.substring(0, r.indexOf(' '));
            String path = r.substring(r.indexOf(' ') + 1);
            String verb = method;
            if (method.equals("GET")) {
                String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
                List<String> parts = List.of(path.replaceFirst("\\?.*", "").replaceFirst("^/", "").split("/"));
                int version = parts.get(0).equals("api") ? 2 : 3;
                List<String> rest = parts.size() > version ? parts.subList(version, parts.size()) : List.of();
                boolean namespaced = rest.size() >= 3 && rest.get(0).equals("namespaces");
                int tail = namespaced ? rest.size() - 2 : rest.size();
                verb = query.contains("watch=true") ? "WATCH" : tail == 1 ? "LIST" : "GET";
            }
            out.merge(verb, 1, Integer::sum);
        }
        return out;
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
