package io.jenkins.plugins.gitopsbridge.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TaskPods;
import io.gitopsbridge.testing.TestKubelet;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.gitopsbridge.tekton.TaskResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The steps as a build runs them, minus Jenkins: arguments → plan → Pods on a Kubernetes API (played by the
 * mock server and a test kubelet) → build log and return value.
 */
class PodStepsTest {
    private static final String KUBE_TOKEN = "canary-token-steps-kube-5d1e";
    private static final String REGISTRY_TOKEN = "canary-token-steps-registry-77aa";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    private String ns;
    private TestKubelet kubelet;
    private Cluster cluster;
    private final ByteArrayOutputStream buildLog = new ByteArrayOutputStream();
    private final BuildInfo build = new BuildInfo("team/api/main", 42, "team/api/main#42", "https://ci.example.com/job/team/job/api/job/main/42/");
    private final Map<String, String> workspace = new java.util.HashMap<>();

    private final StepEnvironment env = new StepEnvironment(
            new Images(PodOptions.DEFAULT_HELPER_IMAGE, "registry.example.com/tools/git:2.47", "registry.example.com/tools/kaniko:1.24"),
            new TaskResolver.Files() {
                @Override
                public Optional<String> read(String path) {
                    return Optional.ofNullable(workspace.get(path));
                }

                @Override
                public List<String> directories(String path) {
                    List<String> dirs = new ArrayList<>();
                    workspace.keySet().stream().filter(p -> p.startsWith(path + "/"))
                            .map(p -> p.substring(path.length() + 1))
                            .filter(p -> p.contains("/"))
                            .map(p -> p.substring(0, p.indexOf('/')))
                            .distinct().forEach(dirs::add);
                    return dirs;
                }
            },
            id -> {
                if (!id.equals("registry-push")) {
                    throw new IllegalArgumentException("No 'Username with password' credentials with ID '" + id
                            + "' are available to this build");
                }
                return new CredentialsLookup.UserPass("ci-bot", REGISTRY_TOKEN);
            });

    @BeforeEach
    void start() {
        ns = "steps-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        ClusterDefinition definition = new ClusterDefinition("build");
        definition.setCredentialsId("build-kubeconfig");
        cluster = definition.connect(id -> api.kubeconfig(KUBE_TOKEN, ns));
    }

    @AfterEach
    void stop() {
        cluster.close();
        kubelet.close();
    }

    private Object run(PodStep step) throws Exception {
        return new StepRun(step.plan(env), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8))
                .run(cluster, step.getNamespace(), PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);
    }

    private String log() {
        return buildLog.toString(StandardCharsets.UTF_8);
    }

    private List<Pod> pods() {
        return api.client().pods().inNamespace(ns).list().getItems();
    }

    @Test
    void taskPodRunsOneScriptWithParamsSubstitutedAsTektonDoesAndReturnsResults() throws Exception {
        kubelet.script("step-run", ContainerRun.succeeds().withLog("[INFO] BUILD SUCCESS\n"));
        TaskPodStep step = new TaskPodStep();
        step.setImage("maven:3.9-eclipse-temurin-17");
        step.setScript("mvn -B -Drevision=$(params.version) verify");
        step.setParams(TektonParam.fromMap(Map.of("version", 42)));
        step.setKeepPods("all");

        Object result = run(step);

        assertThat(result).isEqualTo(Map.of());
        assertThat(log()).contains("[run] --- started\n[run] [INFO] BUILD SUCCESS\n")
                .contains("[gitops-bridge] Run task-pod-");
        assertThat(pods()).as(log()).hasSize(1);
        Pod pod = pods().get(0);
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("gitops-bridge.io/job", "team_api_main")
                .containsEntry("gitops-bridge.io/build", "42")
                .containsEntry("gitops-bridge.io/build-id", BuildInfo.buildIdHash("team/api/main#42"));
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("gitops-bridge.io/job", "team/api/main")
                .containsEntry("gitops-bridge.io/build-url", "https://ci.example.com/job/team/job/api/job/main/42/");
        // With no results to collect, the only step is the Pod's main container.
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("maven:3.9-eclipse-temurin-17");
        // The script is placed as a file by place-scripts, with the param's value in its text, as Tekton places it
        assertThat(container.getCommand()).singleElement().asString().startsWith("/tekton/scripts/script-0-");
        Container place = pod.getSpec().getInitContainers().get(0);
        assertThat(place.getName()).isEqualTo("place-scripts");
        assertThat(place.getArgs()).contains("#!/bin/sh\nset -e\nmvn -B -Drevision=42 verify");
    }

    @Test
    void taskPodWithASpecReturnsItsResultsSortedByName() throws Exception {
        kubelet.script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                TaskPods.resultsMessage(Map.of("version", "1.4.0", "commit", "abc"), Map.of())));
        TaskPodStep step = new TaskPodStep();
        step.setName("describe");
        step.setSpec("""
                results:
                  - name: version
                  - name: commit
                steps:
                  - name: describe
                    image: alpine/git
                    script: git describe > $(results.version.path)
                """);

        assertThat(run(step)).isEqualTo(Map.of("commit", "abc", "version", "1.4.0"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsExactly(
                        Map.entry("commit", "abc"), Map.entry("version", "1.4.0"));
    }

    @Test
    void aFailingStepFailsTheStepWithItsMessageAndKeepsThePod() {
        kubelet.script("step-run", ContainerRun.exits(1).withTerminationMessage("Tests run: 3, Failures: 1"));
        TaskPodStep step = new TaskPodStep();
        step.setImage("maven:3.9");
        step.setScript("mvn verify");

        assertThatThrownBy(() -> run(step)).isInstanceOf(StepFailedException.class)
                .hasMessage("Step 'run' failed with exit code 1:\nTests run: 3, Failures: 1");
        assertThat(pods()).hasSize(1);
        assertThat(log()).contains("[gitops-bridge] Kept Pod " + ns + "/");
    }

    @Test
    void tektonRunReadsAPipelineAndItsCatalogTasksFromTheWorkspace() throws Exception {
        workspace.put("ci/pipeline.yaml", """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: ci}
                spec:
                  params:
                    - name: goals
                      type: array
                  results:
                    - {name: jar, value: $(tasks.package.results.artifact)}
                  tasks:
                    - name: package
                      taskRef: {name: maven}
                      params:
                        - {name: GOALS, value: ["$(params.goals[*])"]}
                """);
        workspace.put("ci/tasks/maven/0.3/maven.yaml", """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata:
                  name: maven
                  labels: {app.kubernetes.io/version: "0.3"}
                spec:
                  params:
                    - name: GOALS
                      type: array
                  results:
                    - name: artifact
                  steps:
                    - name: mvn-goals
                      image: maven:3.9
                      command: [/usr/bin/mvn]
                      args: ["$(params.GOALS[*])"]
                """);
        kubelet.script("step-mvn-goals", ContainerRun.succeeds().withLog("BUILD SUCCESS\n"))
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                        TaskPods.resultsMessage(Map.of("artifact", "api-1.4.0.jar"), Map.of())));
        TektonRunStep step = new TektonRunStep();
        step.setFile("ci/pipeline.yaml");
        step.setTasksDir("ci/tasks");
        step.setParams(TektonParam.fromMap(Map.of("goals", List.of("clean", "package"))));

        assertThat(run(step)).isEqualTo(Map.of("jar", "api-1.4.0.jar"));
        assertThat(log()).contains("[package/mvn-goals] BUILD SUCCESS");
    }

    @Test
    void tektonRunRunsATaskRunFileWithItsParamsAndTheStepsOverThem() throws Exception {
        workspace.put("ci/taskrun.yaml", """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: greet}
                spec:
                  params: [{name: who}, {name: greeting}]
                  steps:
                    - {name: hello, image: alpine, command: [echo], args: ["$(params.greeting) $(params.who)"]}
                ---
                apiVersion: tekton.dev/v1
                kind: TaskRun
                metadata: {generateName: greet-}
                spec:
                  taskRef: {name: greet}
                  params:
                    - {name: who, value: file}
                    - {name: greeting, value: hello}
                """);
        kubelet.script("step-hello", ContainerRun.succeeds().withLog("hello jenkins\n"));
        TektonRunStep step = new TektonRunStep();
        step.setFile("ci/taskrun.yaml");
        step.setParams(TektonParam.fromMap(Map.of("who", "jenkins")));
        step.setKeepPods("all");

        assertThat(run(step)).isEqualTo(Map.of());
        Pod pod = pods().get(0);
        assertThat(pod.getMetadata().getName()).matches("greet-[a-z0-9]{5}-pod");
        assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsExactly("hello jenkins");
    }

    @Test
    void kanikoBuildPushesWithRegistryCredentialsInASecretForTheRunAndReturnsTheDigest() throws Exception {
        AtomicReference<Secret> dockerConfig = new AtomicReference<>();
        kubelet.script("step-build-and-push", ContainerRun.succeeds().withLog("Pushed registry.example.com/team/api\n"))
                .script(TaskPods.RESULTS_CONTAINER, ContainerRun.succeeds().withTerminationMessage(
                        TaskPods.resultsMessage(Map.of("IMAGE_DIGEST", DIGEST), Map.of())));
        CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dockerConfig.get() == null && System.nanoTime() < deadline) {
                api.client().secrets().inNamespace(ns).list().getItems().stream()
                        .filter(s -> s.getMetadata().getName().endsWith("-docker")).findFirst().ifPresent(dockerConfig::set);
            }
        });
        KanikoBuildStep step = new KanikoBuildStep("registry.example.com/team/api:42, registry.example.com/team/api:latest");
        step.setCredentialsId("registry-push");
        step.setSourceWorkspace("pvc:build-42");
        step.setBuildArgs(NameValue.fromMap(Map.of("VERSION", "42")));

        Object result = run(step);

        assertThat(result).isEqualTo(Map.of("digest", DIGEST, "imageReference", "registry.example.com/team/api@" + DIGEST));
        assertThat(dockerConfig.get()).as("a docker config Secret existed during the run").isNotNull();
        String config = dockerConfig.get().getStringData() != null
                ? dockerConfig.get().getStringData().get("config.json")
                : new String(Base64.getDecoder().decode(dockerConfig.get().getData().get("config.json")), StandardCharsets.UTF_8);
        assertThat(config).contains("registry.example.com")
                .contains(Base64.getEncoder().encodeToString(("ci-bot:" + REGISTRY_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(api.client().secrets().inNamespace(ns).list().getItems()).as("deleted after the run").isEmpty();
        assertThat(log()).doesNotContain(REGISTRY_TOKEN).doesNotContain(KUBE_TOKEN);
    }

    @Test
    void cancellingDeletesThePodAndFailsNamingTheRunningStep() throws Exception {
        kubelet.script("step-run", ContainerRun.succeeds().runningUntil(new CompletableFuture<>()));
        TaskPodStep step = new TaskPodStep();
        step.setImage("alpine");
        step.setScript("sleep 3600");
        StepRun stepRun = new StepRun(step.plan(env), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return stepRun.run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log().contains("[run] --- started") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        stepRun.cancel("Aborted by alice");

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StepFailedException.class)
                .cause().hasMessageContaining("Aborted by alice").hasMessageContaining("step 'run' was running");
        assertThat(pods()).isEmpty();
    }

    @Test
    void aCancelBeforeThePlanStartsCreatesNothing() {
        TaskPodStep step = new TaskPodStep();
        step.setImage("alpine");
        step.setScript("true");
        StepRun stepRun = new StepRun(step.plan(env), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8));
        stepRun.cancel("Aborted by alice");

        assertThatThrownBy(() -> stepRun.run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED))
                .hasMessage("Cancelled before any Pod was created: Aborted by alice");
        assertThat(pods()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsCreated() {
        TaskPodStep both = new TaskPodStep();
        both.setImage("alpine");
        both.setScript("true");
        both.setSpec("steps: []");
        assertThatThrownBy(() -> both.plan(env)).hasMessage("taskPod takes either spec, or image and script; not both");
        assertThatThrownBy(() -> new TaskPodStep().plan(env))
                .hasMessage("taskPod needs image and script (one step), or spec (a Tekton taskSpec in YAML)");
        TaskPodStep badSpec = new TaskPodStep();
        badSpec.setSpec("steps:\n  - name: Build\n    image: alpine\n    script: make\n");
        assertThatThrownBy(() -> badSpec.plan(env)).hasMessageStartingWith("taskPod spec:2: steps[0].name:");
        TaskPodStep badName = new TaskPodStep();
        badName.setName("Build_1");
        assertThatThrownBy(badName::validate).hasMessageContaining("name 'Build_1'");
        TaskPodStep badTimeout = new TaskPodStep();
        badTimeout.setTimeout("5 minutes");
        badTimeout.setRetries(-1);
        assertThat(badTimeout.getTimeout()).isEqualTo("5 minutes");
        assertThatThrownBy(badTimeout::validate).hasMessageStartingWith("timeout: ");
        assertThatThrownBy(() -> new TektonRunStep().plan(env))
                .hasMessage("tektonRun takes file (a path in the workspace) or yaml (the text), one of them");
        TektonRunStep missing = new TektonRunStep();
        missing.setFile("ci/nope.yaml");
        assertThatThrownBy(() -> missing.plan(env)).hasMessage("file 'ci/nope.yaml' is not in the workspace");
        TektonRunStep outsideNode = new TektonRunStep();
        outsideNode.setFile("ci/pipeline.yaml");
        assertThatThrownBy(() -> outsideNode.plan(new StepEnvironment(env.images(), null, env.credentials())))
                .hasMessageStartingWith("file is read from the workspace, and this step is not inside node { … }");
        TaskPodStep halfSource = new TaskPodStep();
        halfSource.setImage("alpine");
        halfSource.setScript("ls");
        halfSource.setGitUrl("https://git.example.com/api.git");
        assertThatThrownBy(() -> halfSource.plan(env)).hasMessageStartingWith("gitUrl and gitCommit go together");
        TaskPodStep keepSome = new TaskPodStep();
        keepSome.setKeepPods("some");
        assertThatThrownBy(keepSome::validate).hasMessage("keepPods must be one of failed, all, none, not 'some'");
        assertThatThrownBy(() -> new KanikoBuildStep(" ").validate()).hasMessageStartingWith("kanikoBuild needs a destination");
        KanikoBuildStep noContext = new KanikoBuildStep("registry.example.com/team/api:1");
        assertThatThrownBy(() -> noContext.plan(env)).hasMessageStartingWith("kanikoBuild needs its build context from one place");
        KanikoBuildStep noImage = new KanikoBuildStep("registry.example.com/team/api:1");
        noImage.setSourceWorkspace("pvc:src");
        assertThatThrownBy(() -> noImage.plan(new StepEnvironment(new Images("busybox", null, null), null, env.credentials())))
                .hasMessageStartingWith("No Kaniko executor image is configured");
        KanikoBuildStep unknownCredentials = new KanikoBuildStep("registry.example.com/team/api:1");
        unknownCredentials.setSourceWorkspace("pvc:src");
        unknownCredentials.setCredentialsId("nope");
        assertThatThrownBy(() -> unknownCredentials.plan(env))
                .hasMessage("No 'Username with password' credentials with ID 'nope' are available to this build");
        assertThat(pods()).isEmpty();
    }

    @Test
    void jobNamesBecomeValidLabelValues() {
        assertThat(BuildInfo.labelValue("team/api/main")).isEqualTo("team_api_main");
        assertThat(BuildInfo.labelValue("Ünïcode job/feature%2Fx")).isEqualTo("n_code_job_feature_2Fx");
        assertThat(BuildInfo.labelValue("a".repeat(80) + "/b")).hasSize(63).endsWith("_b");
        assertThat(KanikoBuildStep.registry("registry.example.com:5000/team/api:1")).isEqualTo("registry.example.com:5000");
        assertThat(KanikoBuildStep.registry("library/alpine:3")).isEqualTo("docker.io");
        assertThat(KanikoBuildStep.registry("alpine")).isEqualTo("docker.io");
    }

    @Test
    void afterARestartTheStepFollowsItsRunningPodAgainAndFinishesWithItsResult(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        kubelet.script("step-run", ContainerRun.succeeds().withLog("compiling\nlinking\n").runningUntil(release));
        TaskPodStep step = new TaskPodStep();
        step.setImage("alpine:3");
        step.setScript("make");
        java.nio.file.Path lines = dir.resolve("step-1.lines");
        WatchedLog before = new WatchedLog();
        LogProgress progress = LogProgress.in(lines);
        StepRun first = new StepRun(step.plan(env), build, new PrintStream(before, true, StandardCharsets.UTF_8), "step-1",
                progress, text -> text);
        Thread following = new Thread(() -> {
            try {
                first.run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);
            } catch (Exception e) {
                // The controller goes away; what it was doing ends with it.
            }
        });
        following.start();
        before.await("[run] linking");
        synchronized (progress) {
            // The line is counted just after it reached the build log.
            while (progress.shown(0).getOrDefault("run", 0L) < 2) {
                progress.wait(TimeUnit.SECONDS.toMillis(10));
            }
            progress.save();
        }
        following.interrupt();
        following.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(pods()).as("a restart leaves the Pod running").hasSize(1);

        // The execution, as Jenkins restores it: the step itself is part of its saved state.
        TaskPodStep restored = roundTrip(step);
        io.gitopsbridge.taskrun.Resume point = StepRun.resumePoint(api.client(), ns, BuildInfo.buildIdHash(build.id()),
                "step-1", LogProgress.in(lines));
        assertThat(point.attempt()).isZero();
        assertThat(point.linesShown()).containsEntry("run", 2L);
        assertThat(StepRun.resumePoint(api.client(), ns, BuildInfo.buildIdHash(build.id()), "another-step",
                LogProgress.in(lines))).as("a build's other steps have Pods of their own").isNull();
        WatchedLog after = new WatchedLog();
        StepRun second = new StepRun(restored.plan(env), build, new PrintStream(after, true, StandardCharsets.UTF_8),
                "step-1", LogProgress.in(lines), text -> text);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread resumed = new Thread(() -> {
            try {
                result.complete(second.run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE,
                        io.gitopsbridge.pod.PodPolicy.UNRESTRICTED, point));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        resumed.start();
        after.await("again after a Jenkins restart");
        release.complete(null);

        assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(Map.of());
        assertThat(after.text()).contains("[gitops-bridge] Following run " + point.runName() + " in namespace " + ns
                + " again after a Jenkins restart", "[gitops-bridge] Task 'task-pod' succeeded")
                .as("lines the build log has already are not repeated").doesNotContain("compiling", "linking");
        assertThat(pods()).as("deleted at the end, as the first run would have").isEmpty();
        assertThat(lines).as("nothing is left to continue").doesNotExist();
    }

    /** A step that fetches the registry token as its Git password. */
    private static TaskPodStep gitPush() {
        TaskPodStep step = new TaskPodStep();
        step.setImage("alpine:3");
        step.setScript("git push");
        step.setGitUrl("https://git.example.com/team/api.git");
        step.setGitCommit("0123456789abcdef0123456789abcdef01234567");
        step.setGitCredentialsId("registry-push");
        return step;
    }

    @Test
    void aSecretTheStepFetchedIsMaskedInTheBuildLog() throws Exception {
        kubelet.script("step-run", ContainerRun.succeeds().withLog("pushing with " + REGISTRY_TOKEN + "\ndone\n"));
        TaskPodStep step = gitPush();
        SecretMask mask = new SecretMask();
        StepEnvironment masked = new StepEnvironment(env.images(), env.workspace(), mask.recording(env.credentials()));

        new StepRun(step.plan(masked), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8), null, null, mask)
                .run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);

        assertThat(log()).contains("[run] pushing with ****\n[run] done\n").doesNotContain(REGISTRY_TOKEN);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJenkinsfilesMapArgumentsBecomeTheEntriesTheSnippetGeneratorWrites() {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("params", new java.util.LinkedHashMap<>(Map.of("version", 42)));
        ((Map<String, Object>) args.get("params")).put("goals", List.of("clean", "verify"));
        ((Map<String, Object>) args.get("params")).put("image", Map.of("repo", "app"));
        args.put("workspaces", Map.of("shared", "claim:1Gi"));
        args.put("buildArgs", Map.of("VERSION", 7));
        args.put("edits", List.of(Map.of("file", "values.yaml", "path", "replicaCount", "value", 3, "create", "true")));
        args.put("cluster", "build");

        Map<String, Object> bound = new TaskPodStep.DescriptorImpl().customInstantiate(args);

        TaskPodStep step = new TaskPodStep();
        step.setParams((List<TektonParam>) bound.get("params"));
        step.setWorkspaces((List<NameValue>) bound.get("workspaces"));
        assertThat(step.paramValues()).isEqualTo(Map.of("version", "42", "goals", List.of("clean", "verify"),
                "image", Map.of("repo", "app")));
        assertThat(step.workspaceBindings()).isEqualTo(Map.of("shared", "claim:1Gi"));
        assertThat(NameValue.toMap((List<NameValue>) bound.get("buildArgs"))).isEqualTo(Map.of("VERSION", "7"));
        assertThat(bound.get("edits")).as("maps structs binds to writeBackEdit, with text values")
                .isEqualTo(List.of(Map.of("file", "values.yaml", "path", "replicaCount", "value", "3", "create", true)));
        assertThat(bound).containsEntry("cluster", "build");
        assertThat(new TaskPodStep.DescriptorImpl().customInstantiate(Map.of("params", step.getParams())))
                .as("entries pass as they are").containsEntry("params", step.getParams());
    }

    @Test
    void aFoldersOwnKubeconfigCredentialConnectsWithoutAClusterDefinitionAndRunsNoExecPlugin() throws Exception {
        CredentialsLookup folder = new CredentialsLookup() {
            @Override
            public UserPass usernamePassword(String id) {
                throw new IllegalArgumentException("unused");
            }

            @Override
            public String kubeconfig(String id) {
                String text = api.kubeconfig(KUBE_TOKEN, ns);
                return id.equals("team-kubeconfig") ? text : text.replace("      token: " + KUBE_TOKEN + "\n",
                        "      exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}\n");
            }
        };
        try (Cluster team = io.gitopsbridge.cluster.ClusterConnector.connect(
                PodStepExecution.kubeconfigConnection("team-kubeconfig", folder))) {
            assertThat(team.namespace()).isEqualTo(ns);
            TaskPodStep step = new TaskPodStep();
            step.setImage("alpine:3");
            step.setScript("true");
            assertThat(new StepRun(step.plan(env), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8))
                    .run(team, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED))
                    .isEqualTo(Map.of());
        }
        assertThatThrownBy(() -> io.gitopsbridge.cluster.ClusterConnector.connect(
                PodStepExecution.kubeconfigConnection("aws-kubeconfig", folder)))
                .hasMessageContaining("authenticates with an exec plugin 'aws', which would run a program on this machine");
    }

    @Test
    void aFailedStepsMessageDoesNotCarryTheSecretItPrinted() throws Exception {
        kubelet.script("step-run", ContainerRun.exits(1).withTerminationMessage("auth failed for " + REGISTRY_TOKEN));
        TaskPodStep step = gitPush();
        SecretMask mask = new SecretMask();
        StepEnvironment masked = new StepEnvironment(env.images(), env.workspace(), mask.recording(env.credentials()));

        assertThatThrownBy(() -> new StepRun(step.plan(masked), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8),
                null, null, mask).run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("auth failed for ****")
                .hasMessageNotContaining(REGISTRY_TOKEN);
        assertThat(log()).doesNotContain(REGISTRY_TOKEN);
    }

    @Test
    void aConfiguredClustersKubeconfigCannotBeNamedAroundItsFolderRestrictions() {
        ClusterDefinition prod = new ClusterDefinition("prod");
        prod.setCredentialsId("prod-kubeconfig");
        assertThatThrownBy(() -> PodStepExecution.refuseConfiguredCredentials(List.of(prod), "prod-kubeconfig"))
                .hasMessage("Credentials 'prod-kubeconfig' are the kubeconfig of cluster 'prod'; name cluster: 'prod' instead");
        PodStepExecution.refuseConfiguredCredentials(List.of(prod), "team-kubeconfig");
    }

    @Test
    void logCountsBelongToTheirAttempt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("s.lines");
        LogProgress progress = LogProgress.in(file);
        int[] flushed = {0};
        io.gitopsbridge.taskrun.LogSink sink = progress.counting(io.gitopsbridge.taskrun.LogSink.NONE, () -> flushed[0]++);
        sink.attemptStarted(0);
        sink.stepStarted("test");
        sink.line("test", "a");
        sink.line("test", "b");
        progress.save();
        assertThat(LogProgress.in(file).shown(0)).containsEntry("test", 2L);
        sink.attemptStarted(1);
        sink.stepStarted("build");
        progress.save();
        assertThat(LogProgress.in(file).shown(1)).as("a retry's steps start from zero").doesNotContainKey("test");
        assertThat(LogProgress.in(file).shown(0)).as("counts of another attempt are not used").isEmpty();
        assertThat(flushed[0]).as("the build log is flushed before each count is written").isPositive();
    }

    @Test
    void failuresTheUserFixesEndAsOneLineAndAbortsSayWhy() {
        assertThat(UserErrors.isUserError(new io.gitopsbridge.render.RenderException("k/kustomization.yaml:3: …"))).isTrue();
        assertThat(UserErrors.isUserError(new io.gitopsbridge.cluster.ClusterException("Cluster 'c': …"))).isTrue();
        assertThat(UserErrors.isUserError(new NullPointerException())).as("a defect of ours keeps its trace").isFalse();
        assertThat(BackgroundStepExecution.reason(new InterruptedException()))
                .as("not 'java.lang.InterruptedException' or FlowInterruptedException's class name").isEqualTo("the build was aborted");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** A build log a test can wait on. */
    private static final class WatchedLog extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().contains(text)) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("'" + text + "' in the build log within 10s; it has:\n" + text()).isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
