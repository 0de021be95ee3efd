package io.gitopsbridge.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.tekton.TaskResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Steps that run a StepAction, as Tekton's docs/stepactions.md describes them and {@code resolveStepRef} builds them.
 */
class StepActionTest {
    private static final String ACTION = """
            apiVersion: tekton.dev/v1beta1
            kind: StepAction
            metadata: {name: git-clone}
            spec:
              params:
                - name: url
                - {name: revision, default: main}
                - {name: depth, default: "1"}
                - {name: refspec, default: "+refs/heads/$(params.revision):refs/remotes/origin/$(params.revision)"}
                - {name: flags, type: array, default: [--quiet]}
              image: alpine/git:$(params.depth).0
              workingDir: /workspace/source
              env:
                - {name: URL, value: $(params.url)}
                - {name: REFSPEC, value: $(params.refspec)}
              command: [git, fetch, --depth=$(params.depth), "$(params.flags[*])"]
              args: [$(params.url)]
            """;

    private static List<Pod> pods(String yaml, Map<String, ?> params) {
        RunFile file = RunFile.parse("run.yaml", yaml, TaskResolver.NONE, TaskResolver.NO_FILES);
        return Launcher.dryRun(file.request(null, "ci", params, Map.of(), PodTemplate.NONE, null, PipelineOptions.DEFAULT),
                PodOptions.defaults());
    }

    @Test
    void aStepRunsTheStepActionWithItsParamsAndTheTasksParamsPassedIn() {
        List<Pod> pods = pods(ACTION + """
                ---
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: build}
                spec:
                  params:
                    - name: repo
                  stepTemplate:
                    env: [{name: HOME, value: /tekton/home}]
                  steps:
                    - name: clone
                      ref: {name: git-clone}
                      params:
                        - {name: url, value: $(params.repo)}
                        - {name: revision, value: release}
                        - {name: flags, value: [--prune, --tags]}
                      timeout: 5m
                      onError: stopAndFail
                    - name: build
                      image: maven
                      script: mvn -f $(params.repo) verify
                """, Map.of("repo", "https://git.example.com/app.git"));
        Container clone = pods.get(0).getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals("step-clone")).findFirst().orElseThrow();

        assertThat(clone.getImage()).isEqualTo("alpine/git:1.0");
        assertThat(clone.getCommand()).containsExactly("git", "fetch", "--depth=1", "--prune", "--tags");
        assertThat(clone.getArgs()).containsExactly("https://git.example.com/app.git");
        assertThat(clone.getWorkingDir()).isEqualTo("/workspace/source");
        assertThat(clone.getEnv()).containsExactly(new EnvVar("HOME", "/tekton/home", null),
                new EnvVar("URL", "https://git.example.com/app.git", null),
                new EnvVar("REFSPEC", "+refs/heads/release:refs/remotes/origin/release", null));
    }

    @Test
    void whatTektonRefusesIsRefused() {
        String task = """
                ---
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: build}
                spec:
                  steps:
                    - name: clone
                      ref: {name: git-clone}
                """;
        assertThatThrownBy(() -> pods(ACTION + task + "      image: alpine\n", Map.of()))
                .hasMessageContaining("spec.steps[0].image: image cannot be used with Ref");
        assertThatThrownBy(() -> pods(task.replace("ref: {name: git-clone}", "image: x\n      params: [{name: a, value: b}]"), Map.of()))
                .hasMessageContaining("params cannot be used without Ref");
        assertThatThrownBy(() -> pods(task, Map.of()))
                .hasMessageContaining("run.yaml:8: spec.steps[0].ref.name: no StepAction named 'git-clone' was found");
        assertThatThrownBy(() -> pods(ACTION + task, Map.of()))
                .hasMessage("non-existent params in Step: [url] (step 'clone' passes no value and StepAction 'git-clone' has no default)");
        assertThatThrownBy(() -> pods(ACTION + task + "      params: [{name: url, value: u}, {name: nope, value: x}]\n", Map.of()))
                .hasMessage("extra params passed by Step to StepAction: [nope] (step 'clone', StepAction 'git-clone')");
        assertThatThrownBy(() -> pods(ACTION.replace("command: [git, fetch, --depth=$(params.depth), \"$(params.flags[*])\"]",
                "script: git clone $(params.url)") + task, Map.of()))
                .hasMessageContaining("spec.script: param substitution in scripts is not allowed.");
        assertThatThrownBy(() -> pods(task.replace("ref: {name: git-clone}", "ref: {resolver: hub}"), Map.of()))
                .hasMessageContaining("step ref resolver 'hub' is not supported by GitOps Bridge: remote resolution");
    }

    @Test
    void anEmbeddedSpecMayUseParamsOnlyItsRunPasses() {
        List<Pod> pods = pods("""
                apiVersion: tekton.dev/v1
                kind: TaskRun
                metadata: {name: propagated}
                spec:
                  params: [{name: message, value: hello}]
                  taskSpec:
                    steps:
                      - {name: say, image: alpine, command: [echo, $(params.message)]}
                """, Map.of());
        assertThat(pods.get(0).getSpec().getContainers().get(0).getCommand()).containsExactly("echo", "hello");
    }
}
