package io.gitopsbridge.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.testing.LocalNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodBuilderTest {
    private final PodBuilder builder = new PodBuilder(PodOptions.defaults());

    static Task task(String spec) {
        return new Task("demo", TektonParser.taskSpec("demo.yaml", spec), "demo.yaml");
    }

    static TaskRunRequest run(Task task, Map<String, ParamValue> params) {
        return TaskRunRequest.of("demo-run", "ci", task, params);
    }

    @Test
    void stepsAreInitContainersInOrderAndTheLastStepIsThePodsContainer() {
        Task task = task("""
                steps:
                  - {name: clone, image: alpine/git, command: [git, clone, "https://git.example.com/app.git"]}
                  - {name: build, image: maven:3, command: [mvn, package]}
                  - {name: publish, image: alpine, command: [echo, done]}
                """);
        Pod pod = builder.build(run(task, Map.of()).withTimeout(Duration.ofMinutes(10))
                .withMetadata(Map.of("jenkins.io/build-number", "42"), Map.of("gitops-bridge.io/build-url", "https://ci/job/app/42/")), 0, "uid-1");

        assertThat(pod.getMetadata().getName()).isEqualTo("demo-run-pod");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("ci");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "gitops-bridge")
                .containsEntry("gitops-bridge.io/run", "demo-run").containsEntry("gitops-bridge.io/task", "demo")
                .containsEntry("gitops-bridge.io/attempt", "0").containsEntry("jenkins.io/build-number", "42");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("gitops-bridge.io/build-url", "https://ci/job/app/42/");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(900L);
        assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName).containsExactly("step-clone", "step-build");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("step-publish");
        Container clone = pod.getSpec().getInitContainers().get(0);
        assertThat(clone.getCommand()).containsExactly("git", "clone", "https://git.example.com/app.git");
        assertThat(clone.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(clone.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/workspace", "/tekton/results", "/tekton/steps", "/tekton/scripts", "/tekton/home");
        assertThat(builder.build(run(task, Map.of()), 2, "uid-1").getMetadata().getName()).isEqualTo("demo-run-pod-retry2");
    }

    @Test
    void scriptsAreFilesRunByTheirShebangWithTheStepsArgsAsTektonRunsThem(@TempDir Path scripts) throws Exception {
        Task task = task("""
                params:
                  - name: name
                  - {name: goals, type: array, default: [clean, verify]}
                steps:
                  - name: greet
                    image: alpine
                    args: ["$(params.goals[*])", "-Dname=$(params.name)"]
                    script: |
                      echo "hello '$(params.name)' from $(context.task.name): $# args: $*"
                      echo 'costs $5'
                """);
        Pod pod = builder.build(run(task, Map.of("name", new ParamValue.Text("world"))), 0, "uid");
        Container place = pod.getSpec().getInitContainers().get(0);
        Container greet = pod.getSpec().getContainers().get(0);

        // pkg/pod/script.go: a place-scripts init container writes the script; the step runs the file, args after it
        assertThat(place.getName()).isEqualTo("place-scripts");
        assertThat(place.getImage()).isEqualTo(PodOptions.DEFAULT_HELPER_IMAGE);
        assertThat(greet.getCommand()).singleElement().asString().matches("/tekton/scripts/script-0-[a-z0-9]{5}");
        assertThat(greet.getArgs()).containsExactly("clean", "verify", "-Dname=world");

        assertThat(runLikeANode(pod, "step-greet", scripts))
                .isEqualTo("hello 'world' from demo: 3 args: clean verify -Dname=world\ncosts $5\n");
        assertThat(Files.readString(scripts.resolve(greet.getCommand().get(0).substring("/tekton/scripts/".length()))))
                .startsWith("#!/bin/sh\nset -e\necho \"hello 'world' from demo");
    }

    @Test
    void scriptsWithAShebangRunWithTheirInterpreterAndFailuresStopTheStep(@TempDir Path scripts) throws Exception {
        Task task = task("""
                steps:
                  - name: sh-script
                    image: alpine
                    script: |
                      #!/bin/sh
                      echo first
                  - name: failing
                    image: alpine
                    script: |
                      false
                      echo not reached
                """);
        Pod pod = builder.build(run(task, Map.of()), 0, "uid");

        assertThat(runLikeANode(pod, "step-sh-script", scripts)).isEqualTo("first\n");
        assertThatThrownBy(() -> runLikeANode(pod, "step-failing", scripts))
                .hasMessageContaining("exit 1").hasMessageNotContaining("not reached");
    }

    @Test
    void arrayParamsExpandIntoArgumentsAndTheKubeletExpandsValuesAsUnderTekton() {
        Task task = task("""
                params:
                  - {name: flags, type: array}
                  - {name: image}
                steps:
                  - name: build
                    image: builder
                    args: ["$(params.flags[*])", "--destination=$(params.image)", "--home=$(HOME)"]
                """);
        Pod pod = builder.build(run(task, Map.of(
                "flags", new ParamValue.Array(List.of("--cache=true", "--label=price=$(PRICE)")),
                "image", new ParamValue.Text("registry.example.com/app:1"))), 0, "uid");
        List<String> args = pod.getSpec().getContainers().get(0).getArgs();

        // Tekton pastes values into args as they are, and the kubelet then expands $(VAR) in them
        assertThat(args).containsExactly("--cache=true", "--label=price=$(PRICE)",
                "--destination=registry.example.com/app:1", "--home=$(HOME)");
        assertThat(args.stream().map(a -> LocalNode.expand(a, Map.of("HOME", "/root", "PRICE", "1"))))
                .containsExactly("--cache=true", "--label=price=1", "--destination=registry.example.com/app:1",
                        "--home=/root");
    }

    @Test
    void workspacesResultsAndThePodTemplate() {
        Task task = task("""
                workspaces:
                  - name: source
                  - name: cache
                    optional: true
                  - name: docker
                    mountPath: /kaniko/.docker
                    readOnly: true
                results:
                  - name: digest
                steps:
                  - name: build
                    image: builder
                    workingDir: $(workspaces.source.path)
                    env:
                      - {name: CACHE_BOUND, value: $(workspaces.cache.bound)}
                    args: ["--digest-file=$(results.digest.path)"]
                """);
        Pod pod = builder.build(run(task, Map.of())
                .withWorkspaces(Map.of("source", new WorkspaceBinding.Pvc("shared", "app"), "docker", new WorkspaceBinding.Secret("regcred")))
                .withPodTemplate(new PodTemplate(Map.of("pool", "builds"),
                        List.of(new TolerationBuilder().withKey("dedicated").withValue("ci").withEffect("NoSchedule").build()),
                        null, null, "builder", List.of("regcred"), "gvisor", "low")), 0, "uid");

        Container build = pod.getSpec().getInitContainers().get(0);
        assertThat(build.getWorkingDir()).isEqualTo("/workspace/source");
        assertThat(build.getArgs()).containsExactly("--digest-file=/tekton/results/digest");
        assertThat(build.getEnv()).contains(new EnvVar("CACHE_BOUND", "false", null));
        assertThat(build.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/workspace/source");
            assertThat(m.getSubPath()).isEqualTo("app");
        }).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/kaniko/.docker");
            assertThat(m.getReadOnly()).isTrue();
        }).noneMatch(m -> m.getMountPath().equals("/workspace/cache"));
        assertThat(pod.getSpec().getVolumes())
                .anyMatch(v -> v.getPersistentVolumeClaim() != null && "shared".equals(v.getPersistentVolumeClaim().getClaimName()));
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName, Container::getImage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gitops-bridge-results", PodOptions.DEFAULT_HELPER_IMAGE));
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "builds");
        assertThat(pod.getSpec().getTolerations()).hasSize(1);
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("builder");
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("low");
    }

    @Test
    void sidecarsAreNativeSidecarsBeforeTheSteps() {
        Task task = task("""
                sidecars:
                  - name: registry
                    image: registry:2
                    ports: [{containerPort: 5000}]
                    readinessProbe: {tcpSocket: {port: 5000}, periodSeconds: 1}
                  - name: db
                    image: postgres:16
                    startupProbe: {exec: {command: [pg_isready]}}
                    readinessProbe: {tcpSocket: {port: 5432}}
                steps:
                  - {name: push, image: alpine, command: [true]}
                """);
        Pod pod = builder.build(run(task, Map.of()), 0, "uid");

        Container registry = pod.getSpec().getInitContainers().get(0);
        assertThat(registry.getName()).isEqualTo("sidecar-registry");
        assertThat(registry.getRestartPolicy()).isEqualTo("Always");
        assertThat(registry.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(5000);
        // The kubelet starts the next init container once a native sidecar has *started*: readiness must gate it
        assertThat(registry.getStartupProbe().getTcpSocket()).isEqualTo(registry.getReadinessProbe().getTcpSocket());
        assertThat(registry.getStartupProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(5000);
        // failures allowed for the whole Task timeout (1h, every 1s): Tekton waits rather than restarting the sidecar
        assertThat(registry.getStartupProbe().getFailureThreshold()).isEqualTo(3600);
        assertThat(registry.getReadinessProbe().getFailureThreshold()).isNull();
        Container db = pod.getSpec().getInitContainers().get(1);
        assertThat(db.getStartupProbe().getExec().getCommand()).containsExactly("pg_isready");
        assertThat(db.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(5432);
        assertThatThrownBy(() -> new PodBuilder(PodOptions.forCluster("busybox:1.37", "v1.28.3")).build(run(task, Map.of()), 0, "uid"))
                .hasMessage("Task 'demo' has sidecars, which need Kubernetes 1.29 or newer (native sidecar containers);"
                        + " the cluster runs v1.28.3");
        assertThat(PodOptions.forCluster("x", "v1.29.0").nativeSidecars()).isTrue();
    }

    @Test
    void onErrorContinueRecordsTheExitCodeAndGoesOn(@TempDir Path scripts) throws Exception {
        Task task = task("""
                steps:
                  - {name: lint, image: alpine, onError: continue, command: [sh, -c, "echo lint; exit 3"]}
                  - {name: next, image: alpine, onError: continue, script: "exit 4"}
                  - {name: last, image: alpine, command: [true]}
                """);
        Pod pod = builder.build(run(task, Map.of()), 0, "uid");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("gitops-bridge-results");

        Path steps = Files.createDirectories(scripts.resolve("steps"));
        String output = runLikeANode(pod, "step-lint", scripts, "/tekton/steps", steps.toString());

        assertThat(output).startsWith("lint\n");
        assertThat(Files.readString(steps.resolve("step-lint/exitCode")).trim()).isEqualTo("3");
        runLikeANode(pod, "step-next", scripts, "/tekton/steps", steps.toString());
        assertThat(Files.readString(steps.resolve("step-next/exitCode")).trim()).isEqualTo("4");

        Task noCommand = task("steps:\n  - {name: lint, image: linter, onError: continue}\n");
        assertThatThrownBy(() -> builder.build(run(noCommand, Map.of()), 0, "uid"))
                .hasMessage("step 'lint' has onError: continue but no command; GitOps Bridge runs it through /bin/sh"
                        + " and needs to know the program (the image's entrypoint is not known)");
    }

    @Test
    void paramsAndWorkspacesMustFitTheTask() {
        Task task = task("""
                params:
                  - name: url
                  - {name: depth, default: "1"}
                workspaces:
                  - name: output
                steps:
                  - {name: clone, image: git, command: [git, clone, "$(params.url)"]}
                """);
        Map<String, WorkspaceBinding> output = Map.of("output", new WorkspaceBinding.EmptyDir());
        assertThatThrownBy(() -> builder.build(run(task, Map.of()).withWorkspaces(output), 0, "uid"))
                .hasMessage("Task 'demo' needs a value for param url (declared at demo.yaml:2)");
        // Tekton ignores params and mounts workspaces the Task does not declare (validate_taskrun.go, taskrun.go)
        Pod extra = builder.build(run(task, Map.of("url", new ParamValue.Text("u"), "dept", new ParamValue.Text("2")))
                .withWorkspaces(Map.of("output", new WorkspaceBinding.EmptyDir(), "cache", new WorkspaceBinding.EmptyDir())), 0, "uid");
        assertThat(extra.getSpec().getContainers().get(0).getVolumeMounts())
                .anyMatch(m -> m.getMountPath().equals("/workspace/cache") && m.getName().equals("ws-cache"));
        assertThatThrownBy(() -> builder.build(run(task, Map.of("url", new ParamValue.Array(List.of("a")))).withWorkspaces(output), 0, "uid"))
                .hasMessage("param 'url' of Task 'demo' is a string, but the value given is an array");
        assertThatThrownBy(() -> builder.build(run(task, Map.of("url", new ParamValue.Text("u"))), 0, "uid"))
                .hasMessage("Task 'demo' needs workspace 'output' (declared at demo.yaml:5)");
    }

    @Test
    void thePackScriptReportsResultsAndExitCodesAndRefusesTooMuch(@TempDir Path dir) throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Path steps = Files.createDirectories(dir.resolve("steps"));
        Path log = dir.resolve("termination-log");
        Files.writeString(results.resolve("digest"), "sha256:abc");
        Files.writeString(results.resolve("notes"), "line one\nline two ✓\n");
        Files.createDirectories(steps.resolve("step-lint"));
        Files.writeString(steps.resolve("step-lint/exitCode"), "3\n");

        assertThat(sh(TerminationMessage.packScript(results.toString(), steps.toString(), log.toString()))).isZero();
        TerminationMessage.Parsed parsed = TerminationMessage.parse(Files.readString(log));
        assertThat(parsed.results()).containsExactly(Map.entry("digest", "sha256:abc"), Map.entry("notes", "line one\nline two ✓\n"));
        assertThat(parsed.exitCodes()).containsExactly(Map.entry("step-lint", 3));
        assertThat(parsed.tooLarge()).isZero();

        Files.writeString(results.resolve("sbom"), "x".repeat(5000));
        assertThat(sh(TerminationMessage.packScript(results.toString(), steps.toString(), log.toString()))).isEqualTo(1);
        TerminationMessage.Parsed tooLarge = TerminationMessage.parse(Files.readString(log));
        assertThat(tooLarge.tooLarge()).isGreaterThan(5000);
        assertThat(tooLarge.sizes()).containsEntry("sbom", 5000L).containsEntry("digest", 10L);
    }

    private static int sh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** Runs the Pod's place-scripts container, if it has one, then the named container, as the kubelet would. */
    static String runLikeANode(Pod pod, String container, Path scripts, String... pathRewrites) throws Exception {
        LocalNode node = new LocalNode().path("/tekton/scripts", scripts);
        for (int i = 0; i + 1 < pathRewrites.length; i += 2) {
            node.path(pathRewrites[i], Path.of(pathRewrites[i + 1]));
        }
        List<Container> all = new java.util.ArrayList<>(pod.getSpec().getInitContainers());
        all.addAll(pod.getSpec().getContainers());
        for (Container c : all) {
            if (c.getName().equals("place-scripts")) {
                node.runOk(c);
            }
        }
        return node.runOk(all.stream().filter(c -> c.getName().equals(container)).findFirst().orElseThrow());
    }
}
