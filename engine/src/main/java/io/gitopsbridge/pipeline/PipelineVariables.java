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
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Map<String, ParamValue> params;
    private final Map<String, Map<String, ParamValue>> results = new LinkedHashMap<>();
    private final java.util.Set<String> finallyTasks = new java.util.HashSet<>();
    private final Map<String, String> plain = new LinkedHashMap<>();

    PipelineVariables(Map<String, ParamValue> params, String runName, String pipelineName) {
        this.params = params;
        plain.put("context.pipelineRun.name", runName);
        plain.put("context.pipeline.name", pipelineName);
    }

    /** @param isFinally a finally task's results are also {@code $(finally.<task>.results.…)}, for pipeline results */
    void results(String task, Map<String, ParamValue> values, boolean isFinally) {
        results.put(task, values);
        if (isFinally) {
            finallyTasks.add(task);
        }
    }

    void define(String name, String value) {
        plain.put(name, value);
    }

    /** Every key this run knows now. */
    Substitution substitution() {
        Substitution s = Substitution.values("params", params).and(Substitution.of(plain));
        for (var r : results.entrySet()) {
            s = s.and(Substitution.values("tasks." + r.getKey() + ".results", r.getValue()));
            if (finallyTasks.contains(r.getKey())) {
                s = s.and(Substitution.values("finally." + r.getKey() + ".results", r.getValue()));
            }
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
        if (whole == null && node.string().trim().matches("\\$\\(tasks\\.[^.)]+\\.results\\.[^)]*\\[\\*]\\)")) {
            // A whole array of results not produced yet (only when planning): one element, the reference as written.
            return new ParamValue.Array(List.of(node.string().trim()));
        }
        return whole != null ? whole : new ParamValue.Text(s.apply(node.string()));
    }

    /** A pipeline result's value: text, or for a whole array or object of results, its JSON, as Tekton reports it. */
    String result(String expression) {
        ParamValue whole = substitution().whole(expression.trim());
        try {
            if (whole instanceof ParamValue.Array a) {
                return JSON.writeValueAsString(a.values());
            }
            if (whole instanceof ParamValue.Object o) {
                return JSON.writeValueAsString(o.values());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return text(expression);
    }

    /** Substitutes text; unknown references stay as they are. */
    String text(String s) {
        return substitution().apply(s);
    }
}
