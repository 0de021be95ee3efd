package io.gitopsbridge.pipeline;

import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Substitution;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values a pipeline task's params, {@code when} expressions and inline {@code taskSpec}s may use: pipeline params,
 * results of finished tasks, task statuses (in {@code finally}) and the run's context, substituted as Tekton's
 * PipelineRun reconciler does ({@code pkg/reconciler/pipelinerun/resources/apply.go}).
 */
final class PipelineVariables {
    private final Map<String, ParamValue> params;
    private final Map<String, Map<String, ParamValue>> results = new LinkedHashMap<>();
    private final Map<String, String> plain = new LinkedHashMap<>();

    PipelineVariables(Map<String, ParamValue> params, String runName, String pipelineName) {
        this.params = params;
        plain.put("context.pipelineRun.name", runName);
        plain.put("context.pipeline.name", pipelineName);
    }

    void results(String task, Map<String, ParamValue> values) {
        results.put(task, values);
    }

    void define(String name, String value) {
        plain.put(name, value);
    }

    /** Every key this run knows now. */
    Substitution substitution() {
        Substitution s = Substitution.values("params", params).and(Substitution.of(plain));
        for (var r : results.entrySet()) {
            s = s.and(Substitution.values("tasks." + r.getKey() + ".results", r.getValue()));
        }
        return s;
    }

    /** A param value for a task, from how the Pipeline wrote it. */
    ParamValue value(YamlNode node) {
        Substitution s = substitution();
        if (node.isList()) {
            List<String> values = new ArrayList<>();
            for (YamlNode item : node.list()) {
                values.addAll(s.applyArray(item.string()));
            }
            return new ParamValue.Array(values);
        }
        if (node.isMap()) {
            Map<String, String> values = new LinkedHashMap<>();
            node.map().forEach((k, v) -> values.put(k, s.apply(v.string())));
            return new ParamValue.Object(values);
        }
        ParamValue whole = s.whole(node.string().trim());
        return whole != null ? whole : new ParamValue.Text(s.apply(node.string()));
    }

    /** Substitutes text; unknown references stay as they are. */
    String text(String s) {
        return substitution().apply(s);
    }
}
