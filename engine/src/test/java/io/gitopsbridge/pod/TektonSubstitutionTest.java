package io.gitopsbridge.pod;

import static io.gitopsbridge.pod.PodBuilderTest.runLikeANode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pod Tekton builds, one test per gap found running the catalog (issue 12's table, numbered as there). Expected
 * shapes follow tektoncd/pipeline's {@code pkg/reconciler/taskrun/resources/apply_test.go},
 * {@code pkg/container/*_replacements_test.go}, {@code pkg/substitution/substitution_test.go} and
 * {@code pkg/pod/script_test.go}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TektonSubstitutionTest {
    private final PodBuilder builder = new PodBuilder(PodOptions.defaults());

    private Pod pod(String taskYaml, Map<String, ParamValue> params, Map<String, WorkspaceBinding> workspaces) {
        Task task = TektonParser.task("task.yaml", taskYaml);
        return builder.build(TaskRunRequest.of("t-run", "ci", task, params).withWorkspaces(workspaces), 0, "uid-1");
    }

    private static Container container(Pod pod, String name) {
        return java.util.stream.Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The text a step's script file holds, as place-scripts writes it (its args arrive with {@code $$} as {@code $}). */
    private static String script(Pod pod, String step) {
        Container place = container(pod, "place-scripts");
        String file = container(pod, step).getCommand().get(0);
        String sh = place.getCommand().get(2).replace("$$", "$");
        int index = 0;
        for (String line : sh.split("\n")) {
            if (line.startsWith("printf")) {
                index++;
                if (line.endsWith("> " + file)) {
                    return place.getArgs().get(index).replace("$$", "$");
                }
            }
        }
        throw new AssertionError("no script for " + step);
    }

    private static final String FIELDS = """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata: {name: fields}
            spec:
              params:
                - {name: SECRET, default: my-token}
                - {name: KEY, default: token}
                - {name: CM, default: settings}
                - {name: DIR, default: /home/user}
                - {name: PKG, default: example.com/app}
                - {name: CLAIM, default: cache-claim}
                - {name: REPORT, default: "$(workspaces.source.path)/report.txt"}
              workspaces:
                - {name: source, mountPath: /go/src/$(params.PKG)}
              volumes:
                - {name: token, secret: {secretName: $(params.SECRET), items: [{key: $(params.KEY), path: $(params.KEY)}]}}
                - {name: cfg, configMap: {name: $(params.CM)}}
                - {name: cache, persistentVolumeClaim: {claimName: $(params.CLAIM)}}
                - {name: home, emptyDir: {}}
              steps:
                - name: run
                  image: alpine
                  env:
                    - name: TOKEN
                      valueFrom: {secretKeyRef: {name: $(params.SECRET), key: $(params.KEY)}}
                    - name: MODE
                      valueFrom: {configMapKeyRef: {name: $(params.CM), key: mode}}
                    - {name: REPORT, value: $(params.REPORT)}
                    - {name: DOCKER_CONFIG, value: $(credentials.path)/.docker/}
                  envFrom:
                    - {secretRef: {name: $(params.SECRET)}, prefix: $(params.KEY)_}
                    - configMapRef: {name: $(params.CM)}
                  volumeMounts:
                    - {name: home, mountPath: $(params.DIR), subPath: $(params.KEY)}
                    - {name: token, mountPath: /token}
                  workingDir: $(workspaces.source.path)
                  script: |
                    echo "$REPORT in $PWD"
            """;

    @Test
    void gap1EnvValueFromNamesAndKeysAreSubstituted() {
        Container run = container(pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir())), "step-run");
        EnvVar token = run.getEnv().get(0);
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-token");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(run.getEnv().get(1).getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("settings");
    }

    @Test
    void gap2AStepsArgsAreTheScriptsArguments(@TempDir Path dir) throws Exception {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: script-args}
                spec:
                  params:
                    - {name: ARGS, type: array, default: [clean, verify]}
                  steps:
                    - name: run
                      image: alpine
                      args: ["$(params.ARGS[*])", "-B"]
                      script: |
                        echo "got $# args: $*"
                """, Map.of(), Map.of());
        Container run = container(pod, "step-run");
        assertThat(run.getCommand()).hasSize(1);
        assertThat(run.getArgs()).containsExactly("clean", "verify", "-B");
        assertThat(runLikeANode(pod, "step-run", dir)).isEqualTo("got 3 args: clean verify -B\n");
    }

    @Test
    void gap3AWholeArrayReferenceBecomesOneArgumentPerElement() {
        String task = """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: array-arg}
                spec:
                  params:
                    - {name: EXTRA_ARGS, type: array, default: []}
                  steps:
                    - name: run
                      image: gcr.io/kaniko-project/executor
                      command: [/kaniko/executor, "$(params.EXTRA_ARGS)"]
                      args: ["$(params.EXTRA_ARGS[*])", "--dockerfile=Dockerfile"]
                """;
        Container empty = container(pod(task, Map.of(), Map.of()), "step-run");
        assertThat(empty.getCommand()).containsExactly("/kaniko/executor");
        assertThat(empty.getArgs()).containsExactly("--dockerfile=Dockerfile");
        Container two = container(pod(task, Map.of("EXTRA_ARGS", new ParamValue.Array(List.of("--cache=true", "--no-push"))),
                Map.of()), "step-run");
        assertThat(two.getCommand()).containsExactly("/kaniko/executor", "--cache=true", "--no-push");
        assertThat(two.getArgs()).containsExactly("--cache=true", "--no-push", "--dockerfile=Dockerfile");
    }

    @Test
    void gap4AReferenceInsideSingleQuotesOrAQuotedHereDocumentCarriesTheValue(@TempDir Path dir) throws Exception {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: single-quote}
                spec:
                  params:
                    - {name: NAME, default: world}
                  steps:
                    - name: run
                      image: alpine
                      script: |
                        echo 'hello $(params.NAME)'
                        cat <<'EOF'
                        heredoc $(params.NAME)
                        EOF
                """, Map.of(), Map.of());
        assertThat(script(pod, "step-run")).contains("echo 'hello world'").contains("heredoc world");
        assertThat(runLikeANode(pod, "step-run", dir)).isEqualTo("hello world\nheredoc world\n");
    }

    @Test
    void gap5StepVolumeMountsAreSubstituted() {
        Container run = container(pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir())), "step-run");
        assertThat(run.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath)
                .contains(org.assertj.core.groups.Tuple.tuple("home", "/home/user", "token"));
    }

    @Test
    void gap6AParamHoldingShellCodeRunsAsShell(@TempDir Path dir) throws Exception {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: shell-code}
                spec:
                  params:
                    - {name: SCRIPT, default: "echo one && echo two"}
                  steps:
                    - name: run
                      image: alpine
                      script: |
                        $(params.SCRIPT)
                """, Map.of(), Map.of());
        assertThat(runLikeANode(pod, "step-run", dir)).isEqualTo("one\ntwo\n");
    }

    @Test
    void gap7TheV1beta1InputsParamsAliasIsSubstituted() {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1beta1
                kind: Task
                metadata: {name: inputs-params}
                spec:
                  params:
                    - {name: VERSION, default: "1.0"}
                  steps:
                    - name: run
                      image: alpine
                      args: ["--version=$(inputs.params.VERSION)"]
                      script: |
                        echo "version $(inputs.params.VERSION)"
                """, Map.of("VERSION", new ParamValue.Text("2.1")), Map.of());
        assertThat(script(pod, "step-run")).endsWith("echo \"version 2.1\"\n");
        assertThat(container(pod, "step-run").getArgs()).containsExactly("--version=2.1");
    }

    @Test
    void gap8TaskVolumesAreSubstituted() {
        List<Volume> volumes = pod(FIELDS, Map.of("CLAIM", new ParamValue.Text("shared")),
                Map.of("source", new WorkspaceBinding.EmptyDir())).getSpec().getVolumes();
        Volume token = volumes.stream().filter(v -> v.getName().equals("token")).findFirst().orElseThrow();
        assertThat(token.getSecret().getSecretName()).isEqualTo("my-token");
        assertThat(token.getSecret().getItems().get(0).getKey()).isEqualTo("token");
        assertThat(token.getSecret().getItems().get(0).getPath()).isEqualTo("token");
        assertThat(volumes).anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("settings"));
        assertThat(volumes).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("shared"));
    }

    @Test
    void gap9AReferenceInQuotesInsideShellCommandSubstitutionIsValidatedAndSubstituted(@TempDir Path dir) throws Exception {
        String task = """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: nested}
                spec:
                  params:
                    - {name: FLAG, default: "true"}
                  steps:
                    - name: run
                      image: alpine
                      script: |
                        X=$(echo "$(params.FLAG)")
                        echo "flag is [$X]"
                """;
        Pod pod = pod(task, Map.of(), Map.of());
        assertThat(script(pod, "step-run")).contains("X=$(echo \"true\")");
        assertThat(runLikeANode(pod, "step-run", dir)).isEqualTo("flag is [true]\n");
        assertThatThrownBy(() -> TektonParser.task("task.yaml", task + "        Y=$(echo \"$(params.UNDECLARED)\")\n"))
                .hasMessage("task.yaml:13: spec.steps[0].script: non-existent variable in \"$(params.UNDECLARED)\": no"
                        + " param 'UNDECLARED' is declared (declared: FLAG)");
    }

    @Test
    void gap10WorkspaceMountPathsAreSubstituted() {
        Pod pod = pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir()));
        Container run = container(pod, "step-run");
        assertThat(run.getVolumeMounts()).anyMatch(m -> m.getName().equals("ws-source")
                && m.getMountPath().equals("/go/src/example.com/app"));
        assertThat(run.getWorkingDir()).isEqualTo("/go/src/example.com/app");
    }

    @Test
    void gap11EnvFromIsSubstituted() {
        Container run = container(pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir())), "step-run");
        assertThat(run.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("my-token");
        assertThat(run.getEnvFrom().get(0).getPrefix()).isEqualTo("token_");
        assertThat(run.getEnvFrom().get(1).getConfigMapRef().getName()).isEqualTo("settings");
    }

    @Test
    void gap12CredentialsPathIsTektonsCredsDirectory() {
        Pod pod = pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir()));
        Container run = container(pod, "step-run");
        assertThat(run.getEnv()).contains(new EnvVar("DOCKER_CONFIG", "/tekton/creds/.docker/", null));
        assertThat(run.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tekton/creds"));
    }

    @Test
    void gap13AWorkspacePathInsideAParamDefaultIsExpanded() {
        Container run = container(pod(FIELDS, Map.of(), Map.of("source", new WorkspaceBinding.EmptyDir())), "step-run");
        assertThat(run.getEnv()).contains(new EnvVar("REPORT", "/go/src/example.com/app/report.txt", null));
    }

    @Test
    void contextExitCodesResultsAndObjectParams() {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: ctx}
                spec:
                  params:
                    - name: git
                      type: object
                      properties: {url: {type: string}, revision: {type: string}}
                  results:
                    - name: commit
                  steps:
                    - name: lint
                      image: alpine
                      onError: continue
                      command: [sh, -c, "exit 1"]
                    - name: report
                      image: alpine
                      args:
                        - $(context.taskRun.name)/$(context.taskRun.namespace)/$(context.taskRun.uid)
                        - $(context.task.name)/$(context.task.retry-count)
                        - $(steps.step-lint.exitCode.path)
                        - $(results.commit.path)
                        - $(results["commit"].path)
                        - $(params.git.url)@$(params.git.revision)
                        - $(params["git"].revision)
                      command: [echo]
                """, Map.of("git", new ParamValue.Object(Map.of("url", "https://git.example.com/a.git", "revision", "main"))),
                Map.of());
        assertThat(container(pod, "step-report").getArgs()).containsExactly(
                "t-run/ci/uid-1", "ctx/0", "/tekton/steps/step-lint/exitCode", "/tekton/results/commit",
                "/tekton/results/commit", "https://git.example.com/a.git@main", "$(params[\"git\"].revision)");
    }

    @Test
    void scriptsWithOtherInterpretersNeedNoShellInTheImage() {
        Pod pod = pod("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: py}
                spec:
                  steps:
                    - name: run
                      image: python:3.12-slim
                      script: |
                        #!/usr/bin/env python3
                        print("$(context.task.name)")
                """, Map.of(), Map.of());
        Container run = container(pod, "step-run");
        // The step executes the file itself; the kernel reads the shebang (pkg/pod/script.go)
        assertThat(run.getCommand()).singleElement().asString().startsWith("/tekton/scripts/script-0-");
        assertThat(script(pod, "step-run")).isEqualTo("#!/usr/bin/env python3\nprint(\"py\")\n");
    }

    @Test
    void edgesTektonDecides() {
        String task = """
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: edges}
                spec:
                  params:
                    - {name: flags, type: array, default: [a, b]}
                    - {name: obj, type: object, properties: {k: {}}, default: {k: v}}
                  stepTemplate:
                    command: [/bin/false]
                  steps:
                    - name: scripted
                      image: alpine
                      script: echo $(params.flags[1])
                    - name: empty
                      image: tool
                      script: ""
                """;
        Pod pod = pod(task, Map.of(), Map.of());
        // a step's script replaces a stepTemplate's command; an empty script is no script (container_replacements, merge)
        assertThat(container(pod, "step-scripted").getCommand()).singleElement().asString().startsWith("/tekton/scripts/");
        assertThat(container(pod, "step-empty").getCommand()).containsExactly("/bin/false");
        assertThat(script(pod, "step-scripted")).endsWith("echo b");
        // ValidateParamArrayIndex: an index past the end fails the run
        assertThatThrownBy(() -> pod(task.replace("$(params.flags[1])", "$(params.flags[2])"), Map.of(), Map.of()))
                .hasMessage("non-existent variable in \"$(params.flags[2])\": array param 'flags' has 2 elements (InvalidParamValue)");
        // $(params.obj[0]) is not a key reference; Tekton admits it and leaves it
        TektonParser.task("t.yaml", task.replace("$(params.flags[1])", "$(params.obj[0])"));
    }

    @Test
    void theReproductionsBuildThePodsTheirCommentsDescribe() throws Exception {
        Path repro = io.gitopsbridge.testing.SharedConformance.find("tekton-repro");
        org.junit.jupiter.api.Assumptions.assumeTrue(repro != null, "tekton-repro not found: skipped");
        for (String file : List.of("array-arg.yaml", "fields.yaml", "inputs-params.yaml", "script-args.yaml",
                "shell-code.yaml", "single-quote.yaml")) {
            Task task = TektonParser.task(file, Files.readString(repro.resolve(file)));
            Map<String, WorkspaceBinding> ws = new java.util.LinkedHashMap<>();
            task.spec().workspaces().forEach(w -> ws.put(w.name(), new WorkspaceBinding.EmptyDir()));
            Pod pod = builder.build(TaskRunRequest.of("r", "ci", task, Map.of()).withWorkspaces(ws), 0, "u");
            assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(pod).replace("$$", "$"))
                    .as(file).doesNotContain("$(params.").doesNotContain("$(inputs.params.").doesNotContain("$(workspaces.");
        }
        assertThatThrownBy(() -> TektonParser.task("nested.yaml", Files.readString(repro.resolve("nested.yaml"))))
                .hasMessageContaining("non-existent variable in \"$(params.UNDECLARED)\"");
    }
}
