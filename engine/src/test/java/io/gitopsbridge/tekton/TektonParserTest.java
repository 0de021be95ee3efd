package io.gitopsbridge.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.yaml.YamlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TektonParserTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = TektonParserTest.class.getResourceAsStream("/tekton/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsACatalogStyleTask() throws IOException {
        Task task = TektonParser.task("tasks/git-clone.yaml", fixture("git-clone.yaml"));

        assertThat(task.name()).isEqualTo("git-clone");
        TaskSpec spec = task.spec();
        assertThat(spec.params()).extracting(ParamSpec::name)
                .containsExactly("url", "revision", "depth", "verbose", "gitInitImage");
        assertThat(spec.param("url").orElseThrow().required()).isTrue();
        assertThat(spec.param("depth").orElseThrow().defaultValue()).isEqualTo(new ParamValue.Text("1"));
        assertThat(spec.workspaces()).extracting(WorkspaceDeclaration::name, WorkspaceDeclaration::mountPath,
                        WorkspaceDeclaration::optional)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("output", "/workspace/output", false),
                        org.assertj.core.groups.Tuple.tuple("ssh-directory", "/workspace/ssh-directory", true));
        assertThat(spec.results()).extracting(ResultDeclaration::name).containsExactly("commit", "url");
        StepSpec clone = spec.steps().get(0);
        assertThat(clone.name()).isEqualTo("clone");
        assertThat(clone.image()).isEqualTo("$(params.gitInitImage)");
        assertThat(clone.script()).startsWith("#!/usr/bin/env sh\nset -eu\n");
        // stepTemplate env merged by name, step's own after the template's
        assertThat(clone.env()).extracting(e -> e.getName()).containsExactly(
                "HOME", "GIT_TERMINAL_PROMPT", "PARAM_URL", "PARAM_REVISION", "WORKSPACE_OUTPUT_PATH",
                "WORKSPACE_SSH_DIRECTORY_BOUND");
        assertThat(clone.securityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(clone.resources().getRequests().get("memory").toString()).isEqualTo("64Mi");
        assertThat(clone.onError()).isEqualTo(StepSpec.OnError.STOP_AND_FAIL);
    }

    @Test
    void readsV1beta1WithItsResourcesFieldAndArrayParams() throws IOException {
        Task task = TektonParser.task("kaniko.yaml", fixture("kaniko.yaml"));

        assertThat(task.spec().param("EXTRA_ARGS").orElseThrow().type()).isEqualTo(ParamType.ARRAY);
        assertThat(task.spec().param("EXTRA_ARGS").orElseThrow().defaultValue()).isEqualTo(new ParamValue.Array(List.of()));
        StepSpec build = task.spec().steps().get(0);
        assertThat(build.resources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        assertThat(build.args()).first().isEqualTo("$(params.EXTRA_ARGS[*])");
        assertThat(task.spec().workspace("dockerconfig").orElseThrow().mountPath()).isEqualTo("/kaniko/.docker");
    }

    @Test
    void readsStepTimeoutsOnErrorAndUnnamedSteps() {
        TaskSpec spec = TektonParser.taskSpec("inline", """
                steps:
                  - image: alpine
                    script: echo one
                    timeout: 1m30s
                  - name: lint
                    image: alpine
                    onError: continue
                    command: [sh, -c, "exit 3"]
                """);
        assertThat(spec.steps()).extracting(StepSpec::name).containsExactly("unnamed-0", "lint");
        assertThat(spec.steps().get(0).timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.steps().get(1).onError()).isEqualTo(StepSpec.OnError.CONTINUE);
    }

    @Test
    void aDuplicateStepNameNamesBoth() {
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                  - name: build
                    image: alpine
                """).hasMessage("inline.yaml:4: steps[1]: duplicate step name 'build' (also at steps[0], line 2)");
    }

    @Test
    void aStepNameMustBeADnsLabel() {
        assertFails("""
                steps:
                  - name: Build_It
                    image: alpine
                """).hasMessage("inline.yaml:2: steps[0].name: step name 'Build_It' is not a DNS-1123 label: use at"
                        + " most 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
    }

    @Test
    void anUndeclaredParamIsLocatedInsideTheScript() {
        assertFails("""
                params:
                  - name: revision
                steps:
                  - name: fetch
                    image: alpine/git
                    script: |
                      set -e
                      git fetch origin "$(params.revison)"
                """).hasMessage("inline.yaml:8: steps[0].script: non-existent variable in \"$(params.revison)\": no param"
                        + " 'revison' is declared (declared: revision)");
    }

    @Test
    void anUndeclaredResultOrWorkspaceIsNamed() {
        assertFails("""
                steps:
                  - name: write
                    image: alpine
                    script: echo ok > $(results.digest.path)
                """).hasMessage("inline.yaml:4: steps[0].script: non-existent variable in \"$(results.digest.path)\": the"
                        + " Task declares no result 'digest' (none is declared)");
        // Tekton checks neither workspace references nor sidecars, stepTemplate or env valueFrom
        TaskSpec admitted = TektonParser.taskSpec("inline", """
                workspaces:
                  - name: source
                stepTemplate:
                  env: [{name: A, value: $(params.undeclared)}]
                sidecars:
                  - {name: s, image: "x:$(params.undeclared)"}
                steps:
                  - name: build
                    image: alpine
                    workingDir: $(workspaces.src.path)
                    env:
                      - name: T
                        valueFrom: {secretKeyRef: {name: $(params.undeclared), key: k}}
                """);
        assertThat(admitted.steps()).hasSize(1);
    }

    @Test
    void arrayAndObjectParamsAreUsedWhereTektonAllowsThem() {
        assertFails("""
                params:
                  - {name: flags, type: array}
                steps:
                  - {name: a, image: x, args: ["--f=$(params.flags[*])"]}
                """).hasMessageStartingWith("inline.yaml:4: steps[0].args[0]: variable is not properly isolated in"
                        + " \"--f=$(params.flags[*])\"");
        assertFails("""
                params:
                  - {name: flags, type: array}
                steps:
                  - {name: a, image: x, script: "echo $(params.flags)"}
                """).hasMessageStartingWith("inline.yaml:4: steps[0].script: variable type invalid in \"$(params.flags)\"");
        assertFails("""
                params:
                  - {name: git, type: object, properties: {url: {}, rev: {}}}
                steps:
                  - {name: a, image: x, script: "echo $(params.git.path)"}
                """).hasMessageStartingWith("inline.yaml:4: steps[0].script: non-existent variable in \"$(params.git.path)\":"
                        + " object param 'git' has no key 'path'");
        assertFails("""
                params:
                  - {name: a}
                steps:
                  - {name: a, image: x, script: "echo $(params.a.b.c)"}
                """).hasMessageContaining("Only two dot-separated components after the prefix \"params\" are allowed.");
        // an index, or the array alone as an element, is fine
        TektonParser.taskSpec("inline", """
                params:
                  - {name: flags, type: array}
                  - {name: git, type: object, properties: {url: {}}}
                steps:
                  - {name: a, image: x, args: ["$(params.flags[*])", "$(params.flags)", "$(params.git.url)"],
                     script: "echo $(params.flags[0]) $(params['git'].url)"}
                """);
    }

    @Test
    void shellCommandSubstitutionIsNotAReference() {
        TaskSpec spec = TektonParser.taskSpec("inline", """
                steps:
                  - name: date
                    image: alpine
                    script: echo "built at $(date -u +%FT%TZ) by $(whoami)"
                """);
        assertThat(spec.steps()).hasSize(1);
    }

    @Test
    void unknownAndUnsupportedFieldsAreNamed() {
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                    scrpit: echo hi
                """).hasMessageStartingWith("inline.yaml:4: steps[0].scrpit: unknown field 'scrpit' in a step (known: args,");
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                    results: [{name: digest}]
                """).hasMessage("inline.yaml:4: steps[0].results: step field 'results' is not supported by GitOps Bridge");
    }

    @Test
    void stepRulesAreEnforced() {
        assertFails("""
                steps:
                  - name: build
                    script: echo hi
                """).hasMessage("inline.yaml:2: steps[0]: step 'build' needs an image");
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                    command: [sh]
                    script: echo hi
                """).hasMessage("inline.yaml:5: steps[0].script: step 'build' has both script and command; use one of them");
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                    onError: ignore
                """).hasMessage("inline.yaml:4: steps[0].onError: onError must be continue or stopAndFail, not 'ignore'");
        assertFails("""
                steps:
                  - name: build
                    image: alpine
                    timeout: ten minutes
                """).hasMessage("inline.yaml:4: steps[0].timeout: 'ten minutes' is not a duration such as 90s, 10m or 1h30m");
        assertFails("steps: []\n").hasMessage("inline.yaml:1: a Task needs at least one step in 'steps'");
    }

    @Test
    void aDefaultMustMatchItsType() {
        assertFails("""
                params:
                  - name: flags
                    type: array
                    default: "--verbose"
                steps:
                  - name: build
                    image: alpine
                """).hasMessage("inline.yaml:4: params[0].default: default of param 'flags' is a string, but the param"
                        + " is declared as an array");
    }

    @Test
    void documentsMustBeV1OrV1beta1Tasks() {
        assertThatThrownBy(() -> TektonParser.task("t.yaml", "apiVersion: tekton.dev/v1alpha1\nkind: Task\nmetadata: {name: x}\nspec: {}\n"))
                .hasMessage("t.yaml:1: apiVersion: apiVersion must be tekton.dev/v1 or tekton.dev/v1beta1, not 'tekton.dev/v1alpha1'");
        assertThatThrownBy(() -> TektonParser.task("t.yaml", "apiVersion: tekton.dev/v1beta1\nkind: ClusterTask\nmetadata: {name: x}\nspec: {}\n"))
                .hasMessage("t.yaml:2: kind: ClusterTask was removed from Tekton; make it a Task");
        assertThatThrownBy(() -> TektonParser.task("t.yaml", "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: x\nspec:\n  steps:\n    - name: a\n      image: [oops\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("t.yaml:9: not valid YAML: ");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String spec) {
        return assertThatThrownBy(() -> TektonParser.taskSpec("inline.yaml", spec)).isInstanceOf(YamlException.class);
    }

    @Test
    void paramValuesComeFromJavaValues() {
        assertThat(ParamValue.ofJava("a", List.of(1, "b"))).isEqualTo(new ParamValue.Array(List.of("1", "b")));
        assertThat(ParamValue.ofJava("o", Map.of("k", "v"))).isEqualTo(new ParamValue.Object(Map.of("k", "v")));
        assertThat(ParamValue.ofJava("s", 3)).isEqualTo(new ParamValue.Text("3"));
    }
}
