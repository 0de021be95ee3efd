package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    @TempDir
    Path dir;
    private String ns;
    private TestKubelet kubelet;
    private Path kubeconfig;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        ns = "cli-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-cli-run-77", ns));
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--kubeconfig";
        all[args.length + 2] = kubeconfig.toString();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void runsATaskWithLiveLogsAndPrintsItsResults() throws Exception {
        Path task = Files.writeString(dir.resolve("echo.yaml"), """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: greet}
                spec:
                  params: [{name: who}, {name: tags, type: array}]
                  results: [{name: greeting}]
                  steps:
                    - name: hello
                      image: alpine
                      script: echo "hello $(params.who)" | tee $(results.greeting.path)
                """);
        kubelet.script("step-hello", ContainerRun.succeeds().withLog("hello world\n"))
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds()
                        .withTerminationMessage(TaskPods.resultsMessage(Map.of("greeting", "hello world"), Map.of())));

        int exit = run(task.toString(), "-p", "who=world", "-p", "tags=a,b");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("[hello] --- started\n[hello] hello world\n", "result greeting = hello world\n");
        assertThat(err.toString()).contains("Task 'greet' succeeded");
    }

    @Test
    void aFailingPipelineExitsOne() throws Exception {
        Path pipeline = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: ci}
                spec:
                  tasks:
                    - name: test
                      taskSpec:
                        steps: [{name: unit, image: alpine, command: [make, test]}]
                """);
        kubelet.script("step-unit", ContainerRun.exits(2));

        int exit = run(pipeline.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Pipeline 'ci' failed: task 'test': Step 'unit' failed with exit code 2");
    }

    @Test
    void badInputIsReportedWithItsLocation() throws Exception {
        Path task = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: bad}
                spec:
                  steps:
                    - name: Build
                      image: alpine
                """);

        assertThat(run(task.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("gitops-bridge: " + task + ":6: spec.steps[0].name: step name 'Build' is not a DNS-1123 label");
        assertThat(out.toString() + err).doesNotContain("canary-token");
    }
}
