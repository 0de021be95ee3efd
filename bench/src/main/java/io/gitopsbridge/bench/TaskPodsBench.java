package io.gitopsbridge.bench;

import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pipeline.PipelineRunRequest;
import io.gitopsbridge.pipeline.PipelineRunResult;
import io.gitopsbridge.pipeline.PipelineRunner;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.TaskRunner;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.PipelineTask;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Pod-spec generation and scheduling overhead for a 200-task Pipeline. */
public final class TaskPodsBench {
    private static final int LAYERS = 20;
    private static final int WIDTH = 10;
    private static final int TASKS = LAYERS * WIDTH;

    /** The mock server logs every request at INFO; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private TaskPodsBench() {}

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        String yaml = pipelineYaml();
        System.out.printf("%-44s %12s %12s%n", "measure (200-task Pipeline)", "total", "per task");

        double[] parse = new double[7];
        Pipeline pipeline = null;
        for (int i = 0; i < parse.length; i++) {
            long t0 = System.nanoTime();
            pipeline = PipelineParser.pipeline("bench.yaml", yaml, TaskResolver.NONE);
            parse[i] = (System.nanoTime() - t0) / 1e6;
        }
        row("parse and validate (median of 5, 2 warm-ups)", median(parse, 2));

        PodBuilder pods = new PodBuilder(PodOptions.defaults());
        double[] build = new double[7];
        for (int i = 0; i < build.length; i++) {
            long t0 = System.nanoTime();
            for (PipelineTask t : pipeline.tasks()) {
                pods.build(TaskRunRequest.of("bench-" + t.name(), "bench", t.task(), Map.of(
                        "input", new ParamValue.Text("sha256:" + "0".repeat(64)))), 0, "uid");
            }
            build[i] = (System.nanoTime() - t0) / 1e6;
        }
        row("Pod-spec generation (median of 5, 2 warm-ups)", median(build, 2));

        try (KubernetesApi api = KubernetesApi.http().start();
                TestKubelet kubelet = TestKubelet.start(api, "bench");
                TaskRunner tasks = new TaskRunner(api.client(), PodOptions.defaults());
                PipelineRunner runner = new PipelineRunner(api.client(), tasks)) {
            kubelet.script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                    .withTerminationMessage(TaskPods.resultsMessage(Map.of("out", "sha256:" + "1".repeat(64)), Map.of())));
            double roundTrip = roundTrip(api);
            int before = api.server().getRequestCount();
            long t0 = System.nanoTime();
            PipelineRunResult result;
            try {
                result = runner.start(PipelineRunRequest.of("bench", "bench", pipeline, Map.of()),
                        PipelineOptions.DEFAULT.withMaxParallel(WIDTH), LogSink.NONE).result().get(10, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException e) {
                // Say what the node fixture last did, so a stuck run can be diagnosed rather than just waited on.
                List<String> events = kubelet.events();
                System.out.println("The full run did not finish in 10 minutes; kubelet errors: "
                        + events.stream().filter(x -> x.contains("kubelet error")).toList());
                System.out.println("last kubelet events: " + events.subList(Math.max(0, events.size() - 20), events.size()));
                for (var p : api.client().pods().inNamespace("bench").list().getItems()) {
                    if (p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase())) {
                        System.out.println("  " + p.getMetadata().getName() + " " + (p.getStatus() == null ? "no status" : p.getStatus().getPhase()));
                    }
                }
                throw e;
            }
            double wall = (System.nanoTime() - t0) / 1e6;
            int requests = api.server().getRequestCount() - before;
            if (!result.succeeded()) {
                throw new IllegalStateException("The benchmark pipeline failed: " + result.message());
            }
            row("full run on the mock API (" + WIDTH + " in parallel), wall", wall);
            System.out.printf("%-44s %12d %12.1f%n", "  API requests (engine and kubelet fixture)", requests, requests / (double) TASKS);
            System.out.printf("%-44s %12s %10.3f ms%n", "  mean API round trip (GET, 200 samples)", "", roundTrip);
            System.out.printf("%-44s %12d%n", "  kubelet fixture: status writes retried (409)",
                    kubelet.events().stream().filter(e -> e.endsWith("status conflict, retried")).count());
        }
        System.out.println();
        System.out.println("Target: Pod-spec generation and scheduling under 1 ms per task beyond API round trips.");
    }

    private static double roundTrip(KubernetesApi api) {
        api.client().configMaps().inNamespace("bench").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("probe").endMetadata().build()).create();
        for (int i = 0; i < 50; i++) {
            api.client().configMaps().inNamespace("bench").withName("probe").get();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            api.client().configMaps().inNamespace("bench").withName("probe").get();
        }
        return (System.nanoTime() - t0) / 1e6 / 200;
    }

    private static void row(String what, double totalMs) {
        System.out.printf("%-44s %9.1f ms %9.3f ms%n", what, totalMs, totalMs / TASKS);
    }

    private static double median(double[] samples, int warmups) {
        double[] s = Arrays.copyOfRange(samples, warmups, samples.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Layer 0 has no inputs; every task of layer n reads the result of task n-1/i. */
    static String pipelineYaml() {
        List<String> lines = new ArrayList<>(List.of(
                "apiVersion: tekton.dev/v1", "kind: Pipeline", "metadata:", "  name: bench", "spec:", "  tasks:"));
        for (int layer = 0; layer < LAYERS; layer++) {
            for (int i = 0; i < WIDTH; i++) {
                lines.add("    - name: t-" + layer + "-" + i);
                lines.add("      params:");
                lines.add("        - name: input");
                lines.add(layer == 0 ? "          value: none" : "          value: $(tasks.t-" + (layer - 1) + "-" + i + ".results.out)");
                lines.add("      taskSpec:");
                lines.add("        params: [{name: input}]");
                lines.add("        results: [{name: out}]");
                lines.add("        steps:");
                lines.add("          - {name: fetch, image: alpine, script: 'echo \"$(params.input)\"'}");
                lines.add("          - {name: build, image: maven, command: [mvn, -B, package]}");
                lines.add("          - {name: report, image: alpine, script: 'printf done > $(results.out.path)'}");
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
