package io.gitopsbridge.bench;

import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.testing.GitHttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 500 applications from one config repository (a third plain directories, a third Kustomize base/overlay trees, a
 * third Helm charts), rendered cold (first time per commit) and again with a warm render cache: apps per second and
 * heap in use.
 */
public final class RenderBench {
    private static final int APPS = 500;

    private RenderBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("render-bench");
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            paths.add(switch (i % 3) {
                case 0 -> directory(work, i);
                case 1 -> kustomize(work, i);
                default -> helm(work, i);
            });
        }
        git(work, "init", "--quiet", "--initial-branch=main");
        git(work, "add", "--all");
        git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "apps");
        // Served over HTTP as a real config repository is: the engine reaches no repository on local disk.
        Path repos = Files.createDirectories(dir.resolve("repos"));
        git(work, "clone", "--quiet", "--bare", work.toString(), repos.resolve("apps.git").toString());
        try (GitHttpServer server = GitHttpServer.startAnonymous(repos)) {
            List<Source> sources = new ArrayList<>();
            for (String path : paths) {
                sources.add(Source.from(Map.of("repoURL", server.url("apps").toString(), "targetRevision", "main",
                        "path", path), "bench"));
            }
            measure(dir, sources);
        }
    }

    private static void measure(Path dir, List<Source> sources) {

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GitSources git = new GitSources(dir.resolve("cache"), APPS * 2);
        long start = System.nanoTime();
        int objects = 0;
        for (Source s : sources) {
            objects += git.render(s).manifests().size();
        }
        long cold = System.nanoTime() - start;
        System.gc();
        long heapCold = memory.getHeapMemoryUsage().getUsed();
        start = System.nanoTime();
        for (Source s : sources) {
            if (!git.render(s).cached()) {
                throw new IllegalStateException("expected a cached rendering");
            }
        }
        long warm = System.nanoTime() - start;
        System.gc();
        long heapWarm = memory.getHeapMemoryUsage().getUsed();

        System.out.printf("%d apps (%d directory, %d kustomize, %d helm), %d objects%n", APPS, (APPS + 2) / 3, (APPS + 1) / 3,
                APPS / 3, objects);
        System.out.println("| pass                           |     ms | apps/s | heap used MB |");
        System.out.println("|--------------------------------|-------:|-------:|-------------:|");
        System.out.printf("| cold (first render per commit) | %6d | %6.0f | %12d |%n", cold / 1_000_000, APPS / (cold / 1e9), heapCold >> 20);
        System.out.printf("| warm (render cache hit)        | %6d | %6.0f | %12d |%n", warm / 1_000_000, APPS / (warm / 1e9), heapWarm >> 20);
        System.out.println("(warm still fetches each repository and resolves the revision: it measures the cache path, not a no-op)");
    }

    private static String directory(Path work, int i) throws IOException {
        String path = "plain/app-" + i;
        write(work, path + "/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-" + i + "\ndata:\n  n: \"" + i + "\"\n");
        write(work, path + "/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-" + i + "\nspec:\n  ports:\n  - port: 80\n");
        return path;
    }

    private static String kustomize(Path work, int i) throws IOException {
        String base = "kustomize/app-" + i + "/base";
        write(work, base + "/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n"
                + "  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n"
                + "      containers:\n      - name: app\n        image: registry.example.com/app:1\n");
        write(work, base + "/kustomization.yaml", "resources: [deployment.yaml]\ncommonLabels: {team: t}\n"
                + "configMapGenerator:\n- name: cfg\n  literals: [A=1]\n");
        String overlay = "kustomize/app-" + i + "/overlays/prod";
        write(work, overlay + "/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\nnamespace: prod-" + i
                + "\nimages:\n- name: registry.example.com/app\n  newTag: \"2\"\nreplicas:\n- name: app\n  count: 3\n");
        return overlay;
    }

    private static String helm(Path work, int i) throws IOException {
        String chart = "charts/app-" + i;
        write(work, chart + "/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        write(work, chart + "/values.yaml", "replicas: 2\ntag: \"1\"\n");
        write(work, chart + "/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                + "  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n"
                + "      containers:\n      - name: app\n        image: \"registry.example.com/app:{{ .Values.tag }}\"\n");
        return chart;
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static void git(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
    }
}
