package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.testing.KubernetesApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code target/gitops-bridge.jar} as users do: {@code java -jar}. */
class CliJarIT {
    private static final Path JAR = Path.of("target", "gitops-bridge.jar");

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    record Result(int exit, String output) {}

    private static Result java(String... args) throws IOException, InterruptedException {
        return javaWith(List.of(), args);
    }

    private static Result javaWith(List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    /** Runs the jar with stdout and stderr apart, so stdout's bytes can be compared whole. */
    private static String stdout(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void renderPrintsSmallAndLargeOutputWhole(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Files.writeString(small.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: one
                spec:
                  containers:
                  - name: app
                    image: nginx
                  volumes:
                  - name: config
                    configMap:
                      name: settings
                      defaultMode: 0644
                """);
        Path large = Files.createDirectories(dir.resolve("large"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            many.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-").append(i)
                    .append("\ndata:\n  key: value-").append(i).append('\n');
        }
        Files.writeString(large.resolve("configmaps.yaml"), many);

        String smallOut = stdout("render", "--dir", small.toString());
        String largeOut = stdout("render", "--dir", large.toString());

        assertThat(smallOut).isEqualTo(expected(small)).contains("defaultMode: 420\n");
        assertThat(largeOut.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(8192 * 3);
        assertThat(largeOut).isEqualTo(expected(large)).endsWith("name: settings-399\n");
    }

    private static String expected(Path dir) {
        java.util.Map<String, Object> source = new java.util.LinkedHashMap<>();
        source.put("repoURL", dir.toString());
        source.put("path", "");
        return Renderer.yaml(Renderer.render(Source.from(source, "test"), SourceTree.of(dir)));
    }

    @Test
    void runDryRunPrintsTheTaskRunsPodWithNoCluster(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.yaml"), """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: greet}
                spec:
                  params: [{name: who}]
                  steps:
                    - name: hello
                      image: python:3.12-slim
                      script: |
                        #!/usr/bin/env python3
                        print("hello $(params.who)")
                ---
                apiVersion: tekton.dev/v1
                kind: TaskRun
                metadata: {name: greet-1}
                spec:
                  taskRef: {name: greet}
                  params: [{name: who, value: world}]
                """);

        String yaml = stdout("run", file.toString(), "--dry-run", "-n", "ci");

        assertThat(yaml).startsWith("---\n").contains("name: greet-1-pod", "namespace: ci", "name: place-scripts",
                "print(\"hello world\")", "- /tekton/scripts/script-0-");
    }

    @Test
    void helpAndVersionRun() throws Exception {
        Result help = java("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("Usage: gitops-bridge", "cluster-info");

        Result version = java("version");
        assertThat(version.exit()).isZero();
        assertThat(version.output().trim()).isEqualTo("gitops-bridge " + Version.current());
    }

    @Test
    void theShadedJarTalksToAKubernetesApi(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig("canary-token-jar-0c1d", "ci"));

        Result info = java("cluster-info", "--kubeconfig", kubeconfig.toString());

        assertThat(info.exit()).as(info.output()).isZero();
        assertThat(info.output()).contains("version:    " + KubernetesApi.GIT_VERSION).doesNotContain("canary-token");
    }

    @Test
    void diffingTwoTenThousandLineObjectsFitsIn200MegabytesOfHeap(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig("canary-token-jar-diff", "big"));
        java.util.Map<String, String> live = new java.util.LinkedHashMap<>();
        StringBuilder desired = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n");
        for (int i = 0; i < 10_000; i++) {
            String key = "key-%05d".formatted(i);
            live.put(key, "live-" + i);
            desired.append("  ").append(key).append(": desired-").append(i).append('\n');
        }
        api.client().configMaps().inNamespace("big").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("huge").withNamespace("big").endMetadata().withData(live).build()).create();
        Path source = Files.createDirectories(dir.resolve("checkout/app"));
        Files.writeString(source.resolve("huge.yaml"), desired);
        Path app = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: huge}
                spec:
                  source: {repoURL: https://git.example.com/unused.git, path: app, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: big}
                """);

        Result diff = javaWith(List.of("-Xmx200m"), "diff", app.toString(), "--dir", dir.resolve("checkout").toString(),
                "--kubeconfig", kubeconfig.toString());

        assertThat(diff.output()).doesNotContain("OutOfMemoryError").contains("--- live ConfigMap big/huge",
                "-  key-09999: live-9999", "+  key-09999: desired-9999");
        assertThat(diff.exit()).as("1: differences found").isEqualTo(1);
    }
}
