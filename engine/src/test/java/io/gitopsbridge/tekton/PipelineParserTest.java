package io.gitopsbridge.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.yaml.YamlException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PipelineParserTest {
    static final TaskResolver CATALOG = TaskResolver.directory(Path.of("src/test/resources/catalog/task"));

    static final String HEADER = """
            apiVersion: tekton.dev/v1
            kind: Pipeline
            metadata:
              name: release
            spec:
            """;

    static Pipeline parse(String spec) {
        return PipelineParser.pipeline("release.yaml", HEADER + spec.indent(2), CATALOG);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> fails(String spec) {
        return assertThatThrownBy(() -> parse(spec)).isInstanceOf(YamlException.class);
    }

    @Test
    void readsTasksFromACatalogDirectoryAndInlineSpecs() {
        Pipeline p = parse("""
                params:
                  - name: repo
                workspaces:
                  - name: source
                results:
                  - name: commit
                    value: $(tasks.clone.results.commit)
                tasks:
                  - name: clone
                    taskRef: {name: git-clone}
                    params:
                      - {name: url, value: $(params.repo)}
                    workspaces:
                      - {name: output, workspace: source}
                  - name: image
                    taskRef: {name: kaniko}
                    params:
                      - {name: IMAGE, value: "registry.example.com/app:$(tasks.clone.results.commit)"}
                    workspaces:
                      - {name: source, workspace: source}
                  - name: smoke
                    runAfter: [image]
                    when:
                      - {input: $(params.repo), operator: notin, values: [""]}
                    taskSpec:
                      steps:
                        - {name: test, image: alpine, command: ["true"]}
                finally:
                  - name: notify
                    params:
                      - {name: status, value: $(tasks.status)}
                    taskSpec:
                      params: [{name: status}]
                      steps:
                        - {name: say, image: alpine, script: echo $(params.status)}
                """);

        assertThat(p.tasks()).extracting(PipelineTask::name).containsExactly("clone", "image", "smoke");
        assertThat(p.task("clone").orElseThrow().task().spec().result("commit")).as("the newest catalog version").isPresent();
        assertThat(PipelineGraph.dependencies(p.task("image").orElseThrow())).containsExactly("clone");
        assertThat(p.task("smoke").orElseThrow().when()).hasSize(1);
        assertThat(p.finallyTasks()).extracting(PipelineTask::name).containsExactly("notify");
        assertThat(p.results()).containsEntry("commit", "$(tasks.clone.results.commit)");
    }

    @Test
    void aCycleIsNamed() {
        fails("""
                tasks:
                  - {name: a, runAfter: [c], taskSpec: {steps: [{name: s, image: x}]}}
                  - {name: b, runAfter: [a], taskSpec: {steps: [{name: s, image: x}]}}
                  - {name: c, runAfter: [b], taskSpec: {steps: [{name: s, image: x}]}}
                """).hasMessage("release.yaml:7: spec.tasks[0]: tasks depend on each other in a cycle: a → c → b → a");
    }

    @Test
    void aResultThatIsNeverProducedIsNamed() {
        fails("""
                params: [{name: repo}]
                workspaces: [{name: source}]
                tasks:
                  - name: clone
                    taskRef: {name: git-clone}
                    params: [{name: url, value: $(params.repo)}]
                    workspaces: [{name: output, workspace: source}]
                  - name: show
                    params: [{name: sha, value: $(tasks.clone.results.sha)}]
                    taskSpec:
                      params: [{name: sha}]
                      steps: [{name: s, image: x}]
                """).hasMessage("release.yaml:13: spec.tasks[1]: '$(tasks.clone.results.sha)' refers to result 'sha',"
                        + " which task 'clone' (Task 'git-clone') does not produce (declared: commit, url)");
    }

    @Test
    void referencesAndBindingsMustMatchTheirDeclarations() {
        fails("""
                tasks:
                  - {name: a, runAfter: [missing], taskSpec: {steps: [{name: s, image: x}]}}
                """).hasMessage("release.yaml:7: spec.tasks[0].runAfter: task 'a' runs after 'missing', which is not a task of the Pipeline");
        fails("""
                tasks:
                  - name: a
                    params: [{name: p, value: $(params.nope)}]
                    taskSpec: {params: [{name: p}], steps: [{name: s, image: x}]}
                """).hasMessage("release.yaml:7: spec.tasks[0]: task 'a' uses '$(params.nope)', but the Pipeline declares"
                        + " no param 'nope' (it declares none)");
        fails("""
                tasks:
                  - name: a
                    params: [{name: s, value: $(tasks.status)}]
                    taskSpec: {params: [{name: s}], steps: [{name: s, image: x}]}
                """).hasMessage("release.yaml:7: spec.tasks[0]: task 'a' uses '$(tasks.status)', which only finally tasks can read");
        // Tekton passes undeclared params on (validate_taskrun.go), so only the missing required one is named
        fails("""
                tasks:
                  - name: clone
                    taskRef: {name: git-clone}
                    params: [{name: uri, value: x}]
                """).hasMessage("release.yaml:7: spec.tasks[0]: task 'clone' does not pass required param 'url' of Task 'git-clone'");
        fails("""
                tasks:
                  - name: clone
                    taskRef: {name: git-clone}
                    workspaces: [{name: output, workspace: source}]
                """).hasMessage("release.yaml:7: spec.tasks[0]: task 'clone' does not pass required param 'url' of Task 'git-clone'");
        fails("""
                tasks:
                  - name: clone
                    taskRef: {name: git-clone}
                    params: [{name: url, value: x}]
                    workspaces: [{name: output, workspace: source}]
                """).hasMessage("release.yaml:10: spec.tasks[0].workspaces: task 'clone' binds workspace 'output' to"
                        + " 'source', which the Pipeline does not declare (it declares none)");
        fails("""
                tasks:
                  - name: build
                    taskRef: {name: buildah}
                """).hasMessage("release.yaml:8: spec.tasks[0].taskRef.name: no Task named 'buildah' was found (in this file, or in the"
                        + " tasks directory)");
    }

    @Test
    void matrixParamsMustBeArraysOfTheTasksParams() {
        fails("""
                tasks:
                  - name: a
                    matrix:
                      params: [{name: os, value: linux}]
                    taskSpec: {params: [{name: os}], steps: [{name: s, image: x}]}
                """).hasMessage("release.yaml:9: spec.tasks[0].matrix.params[0].value: matrix param 'os' needs a list"
                        + " of values, $(params.<array>[*]) or $(tasks.<task>.results.<array>[*])");
    }
}
