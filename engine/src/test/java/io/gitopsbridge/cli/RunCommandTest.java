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

    private static final String BUILD_TASK = """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata: {name: build}
            spec:
              params:
                - {name: goals, type: array, default: [verify]}
                - {name: version}
              workspaces:
                - {name: source}
              steps:
                - name: mvn
                  image: maven:3.9
                  workingDir: $(workspaces.source.path)
                  args: ["$(params.goals[*])", "-Drevision=$(params.version)"]
                  script: |
                    mvn -B "$@"
            """;

    @Test
    void runsATaskRunFileHoldingItsTaskAsTektonsExamplesDo() throws Exception {
        Path file = Files.writeString(dir.resolve("taskrun.yaml"), BUILD_TASK + """
                ---
                apiVersion: tekton.dev/v1
                kind: TaskRun
                metadata:
                  generateName: build-run-
                  labels: {team: api}
                spec:
                  taskRef: {name: build}
                  serviceAccountName: builder
                  timeout: 20m
                  params:
                    - {name: version, value: "1.4"}
                    - {name: goals, value: [clean, package]}
                  workspaces:
                    - {name: source, emptyDir: {}}
                  podTemplate:
                    nodeSelector: {pool: builds}
                """);
        kubelet.script("step-mvn", ContainerRun.succeeds().withLog("BUILD SUCCESS\n"));

        int exit = run(file.toString(), "--keep-pods");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("[mvn] BUILD SUCCESS");
        var pods = api.client().pods().inNamespace(ns).list().getItems();
        assertThat(pods).hasSize(1);
        var pod = pods.get(0);
        assertThat(pod.getMetadata().getName()).matches("build-run-[a-z0-9]{5}-pod");
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "api");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("builder");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "builds");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
        var mvn = pod.getSpec().getContainers().get(0);
        assertThat(mvn.getArgs()).containsExactly("clean", "package", "-Drevision=1.4");
        assertThat(mvn.getWorkingDir()).isEqualTo("/workspace/source");
    }

    @Test
    void runsAPipelineRunWithAClaimTemplateAndPerTaskServiceAccounts() throws Exception {
        Path tasks = Files.createDirectories(dir.resolve("tasks"));
        Files.writeString(tasks.resolve("build.yaml"), BUILD_TASK);
        Path file = Files.writeString(dir.resolve("pipelinerun.yaml"), """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: ci}
                spec:
                  params: [{name: version}]
                  workspaces: [{name: shared}]
                  tasks:
                    - name: compile
                      taskRef: {name: build}
                      params: [{name: version, value: $(params.version)}]
                      workspaces: [{name: source, workspace: shared}]
                    - name: report
                      runAfter: [compile]
                      taskSpec:
                        steps:
                          - name: show
                            image: alpine
                            script: ls $(workspaces.shared.path) && echo $(params.version) $(context.pipelineRun.name)
                ---
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata: {name: ci-run-7}
                spec:
                  pipelineRef: {name: ci}
                  params: [{name: version, value: "2.0"}]
                  taskRunTemplate: {serviceAccountName: ci}
                  taskRunSpecs:
                    - {pipelineTaskName: report, serviceAccountName: reporter}
                  timeouts: {pipeline: 1h}
                  workspaces:
                    - name: shared
                      volumeClaimTemplate:
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources: {requests: {storage: 1Gi}}
                """);

        int exit = run(file.toString(), "--tasks", tasks.toString(), "--keep-pods");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(err.toString()).contains("Pipeline 'ci' succeeded");
        var compile = api.client().pods().inNamespace(ns).withName("ci-run-7-compile-pod").get();
        var report = api.client().pods().inNamespace(ns).withName("ci-run-7-report-pod").get();
        assertThat(compile.getSpec().getServiceAccountName()).isEqualTo("ci");
        assertThat(report.getSpec().getServiceAccountName()).isEqualTo("reporter");
        assertThat(compile.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("ci-run-7-shared"));
        // the inline spec sees the Pipeline's params and context, and its workspace is propagated (pipelinerun.go)
        assertThat(report.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("ci-run-7-shared"));
        assertThat(err.toString()).contains("Created PersistentVolumeClaim " + ns + "/ci-run-7-shared");
    }

    @Test
    void dryRunPrintsThePodsWithoutACluster() throws Exception {
        Path tasks = Files.createDirectories(dir.resolve("tasks"));
        Files.writeString(tasks.resolve("build.yaml"), BUILD_TASK);
        Path file = Files.writeString(dir.resolve("pr.yaml"), """
                apiVersion: tekton.dev/v1beta1
                kind: PipelineRun
                metadata: {name: ci-dry}
                spec:
                  serviceAccountName: ci
                  timeout: 30m
                  pipelineSpec:
                    params: [{name: version}]
                    workspaces: [{name: shared}]
                    tasks:
                      - name: second
                        runAfter: [first]
                        taskRef: {name: build}
                        params: [{name: version, value: $(tasks.first.results.v)}]
                        workspaces: [{name: source, workspace: shared}]
                      - name: first
                        taskSpec:
                          results: [{name: v}]
                          steps: [{name: v, image: alpine, script: "echo -n $(params.version) > $(results.v.path)"}]
                  params: [{name: version, value: "3.1"}]
                  workspaces: [{name: shared, emptyDir: {}}]
                """);

        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", file.toString(), "--tasks", tasks.toString(), "--dry-run", "-n", "ci");

        assertThat(exit).as(err.toString()).isZero();
        String yaml = out.toString();
        assertThat(yaml.indexOf("name: ci-dry-first-pod")).isPositive().isLessThan(yaml.indexOf("name: ci-dry-second-pod"));
        assertThat(yaml).contains("namespace: ci", "serviceAccountName: ci", "echo -n 3.1 > /tekton/results/v",
                "-Drevision=$(tasks.first.results.v)");
        assertThat(api.client().pods().inNamespace("ci").list().getItems()).isEmpty();
    }

    @Test
    void runDocumentsRefuseWhatTheyCannotDoByName() throws Exception {
        Path file = Files.writeString(dir.resolve("remote.yaml"), """
                apiVersion: tekton.dev/v1
                kind: TaskRun
                metadata: {name: remote}
                spec:
                  taskRef:
                    resolver: git
                    params: [{name: url, value: https://github.com/tektoncd/catalog.git}]
                """);
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":6: spec.taskRef.resolver: taskRef resolver 'git' is not supported by"
                + " GitOps Bridge: remote resolution");
    }
}
