package io.gitopsbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.TaskResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Pipeline run would start, without a cluster: {@link PipelineRunner#plan}. */
class PipelinePlanTest {
    private static List<Map<String, ParamValue>> cells(String yaml) {
        Pipeline p = PipelineParser.pipeline("p.yaml", yaml, TaskResolver.NONE);
        return PipelineRunner.plan(PipelineRunRequest.of("run", "ci", p, Map.of())).stream().map(TaskRunRequest::params).toList();
    }

    @Test
    void matrixIncludeAddsParamsToMatchingCombinationsAndNewOnesAsTektonsFanOutDoes() {
        // The example of Tekton's docs/matrix.md, "Fan out with include": GOARCH x version, then include
        List<Map<String, ParamValue>> cells = cells("""
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: p}
                spec:
                  tasks:
                    - name: build
                      matrix:
                        params:
                          - {name: GOARCH, value: ["linux/amd64", "linux/ppc64le", "linux/s390x"]}
                          - {name: version, value: ["go1.17", "go1.18.1"]}
                        include:
                          - name: common-package
                            params: [{name: package, value: path/to/common/package/}]
                          - name: s390x-no-race
                            params:
                              - {name: GOARCH, value: "linux/s390x"}
                              - {name: flags, value: "-cover -v"}
                          - name: go117-context
                            params:
                              - {name: version, value: "go1.17"}
                              - {name: context, value: path/to/go117/context}
                          - name: non-existent-arch
                            params: [{name: GOARCH, value: "I-do-not-exist"}]
                      taskSpec:
                        params: [{name: GOARCH}, {name: version}, {name: package, default: ""}, {name: flags, default: ""}, {name: context, default: ""}]
                        steps: [{name: s, image: golang, command: [go, build]}]
                """);
        assertThat(cells).hasSize(7);
        assertThat(cells.get(0)).containsEntry("GOARCH", new ParamValue.Text("linux/amd64"))
                .containsEntry("version", new ParamValue.Text("go1.17"))
                .containsEntry("package", new ParamValue.Text("path/to/common/package/"))
                .containsEntry("context", new ParamValue.Text("path/to/go117/context"))
                .doesNotContainKey("flags");
        // the order of docs/matrix.md's table: each version in turn over every GOARCH
        assertThat(cells).extracting(c -> c.get("GOARCH")).containsExactly(new ParamValue.Text("linux/amd64"),
                new ParamValue.Text("linux/ppc64le"), new ParamValue.Text("linux/s390x"), new ParamValue.Text("linux/amd64"),
                new ParamValue.Text("linux/ppc64le"), new ParamValue.Text("linux/s390x"), new ParamValue.Text("I-do-not-exist"));
        assertThat(cells.get(2)).containsEntry("version", new ParamValue.Text("go1.17"))
                .containsEntry("flags", new ParamValue.Text("-cover -v"))
                .containsEntry("context", new ParamValue.Text("path/to/go117/context"));
        assertThat(cells.get(5)).containsEntry("GOARCH", new ParamValue.Text("linux/s390x"))
                .containsEntry("version", new ParamValue.Text("go1.18.1"))
                .containsEntry("flags", new ParamValue.Text("-cover -v")).doesNotContainKey("context");
        assertThat(cells.get(6)).containsExactly(Map.entry("GOARCH", new ParamValue.Text("I-do-not-exist")));
    }

    @Test
    void aMatrixWithAnEmptyArrayMakesNoRunAndTooManyCombinationsAreRefused() {
        String pipeline = """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: p}
                spec:
                  params: [{name: oses, type: array, default: []}]
                  tasks:
                    - name: build
                      matrix:
                        params: [{name: os, value: "$(params.oses[*])"}]
                      taskSpec:
                        params: [{name: os}]
                        steps: [{name: s, image: x, command: [echo, $(params.os)]}]
                """;
        assertThat(cells(pipeline)).isEmpty();
        String big = "[" + String.join(", ", java.util.Collections.nCopies(17, "x")) + "]";
        assertThatThrownBy(() -> cells(pipeline.replace("value: \"$(params.oses[*])\"}]",
                "value: " + big + "}, {name: arch, value: " + big + "}]").replace("params: [{name: os}]",
                "params: [{name: os}, {name: arch}]")))
                .hasMessageContaining("makes 289 combinations; at most 256 are allowed");
    }

    @Test
    void onlyIncludeMakesExplicitCombinations() {
        List<Map<String, ParamValue>> cells = cells("""
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: p}
                spec:
                  tasks:
                    - name: build
                      matrix:
                        include:
                          - name: build-1
                            params: [{name: IMAGE, value: image-1}, {name: DOCKERFILE, value: path/to/Dockerfile1}]
                          - name: build-2
                            params: [{name: IMAGE, value: image-2}, {name: DOCKERFILE, value: path/to/Dockerfile2}]
                      taskSpec:
                        params: [{name: IMAGE}, {name: DOCKERFILE}]
                        steps: [{name: s, image: kaniko, args: ["--dockerfile=$(params.DOCKERFILE)"]}]
                """);
        assertThat(cells).extracting(c -> c.get("IMAGE")).containsExactly(new ParamValue.Text("image-1"), new ParamValue.Text("image-2"));
    }

    @Test
    void paramEnumsAreEnforcedAsTektonDoes() {
        String pipeline = """
                apiVersion: tekton.dev/v1
                kind: Pipeline
                metadata: {name: p}
                spec:
                  params: [{name: env, default: dev}]
                  tasks:
                    - name: deploy
                      params: [{name: target, value: $(params.env)}]
                      taskSpec:
                        params: [{name: target, enum: [dev, staging, prod]}]
                        steps: [{name: s, image: x, displayName: "Deploy $(params.target)", command: [echo, $(params.target)]}]
                """;
        Pipeline p = PipelineParser.pipeline("p.yaml", pipeline, TaskResolver.NONE);
        List<TaskRunRequest> plan = PipelineRunner.plan(PipelineRunRequest.of("run", "ci", p, Map.of("env", new ParamValue.Text("qa"))));
        io.gitopsbridge.pod.PodBuilder pods = new io.gitopsbridge.pod.PodBuilder(io.gitopsbridge.pod.PodOptions.defaults());
        assertThatThrownBy(() -> pods.build(plan.get(0), 0, "u"))
                .hasMessage("param 'target' of Task 'deploy': value qa is not in the enum [dev, staging, prod] (InvalidParamValue)");
        assertThatThrownBy(() -> PipelineParser.pipeline("p.yaml", pipeline.replace("enum: [dev, staging, prod]",
                "enum: [staging, prod], default: dev"), TaskResolver.NONE))
                .hasMessageContaining("param default value dev not in the enum list [staging, prod]");
    }
}
