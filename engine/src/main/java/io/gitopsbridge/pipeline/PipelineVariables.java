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
    /** Array and object results travel as JSON. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Map<String, ParamValue> params;
    private final Map<String, Map<String, ParamValue>> results = new LinkedHashMap<>();
    private final java.util.Set<String> finallyTasks = new java.util.HashSet<>();
    private final boolean planning;
    private final Map<String, String> plain = new LinkedHashMap<>();

    /** @param planning whether no task has run (a dry run): references to results are then left as written */
    PipelineVariables(Map<String, ParamValue> params, String runName, String pipelineName, boolean planning) {
        this.params = params;
        this.planning = planning;
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
                values.addAll(s.applyArray(item.string()).stream().map(this::resolved).toList());
            }
            return new ParamValue.Array(values);
        }
        if (node.isMap()) {
            Map<String, String> values = new LinkedHashMap<>();
            node.map().forEach((k, v) -> values.put(k, s.apply(v.string())));
            return new ParamValue.Object(values);
        }
        ParamValue whole = s.whole(node.string().trim());
        if (whole == null && planning && node.string().trim().matches("\\$\\(tasks\\.[^.)]+\\.results\\.[^)]*\\[\\*]\\)")) {
            // A whole array of results not produced yet: one element, the reference as written.
            return new ParamValue.Array(List.of(node.string().trim()));
        }
        return whole != null ? whole : new ParamValue.Text(resolved(s.apply(node.string())));
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

    /**
     * Text after substitution, which in a real run may no longer name a result: the producer succeeded (or the task
     * would have been skipped) but did not write it, and Tekton fails the run with InvalidTaskResultReference.
     */
    private String resolved(String text) {
        java.util.regex.Matcher m = io.gitopsbridge.tekton.PipelineGraph.RESULT_REF.matcher(text);
        if (!planning && m.find()) {
            throw new IllegalArgumentException("'" + m.group() + "': task '" + m.group(1) + "' did not write result '"
                    + m.group(3) + "' (InvalidTaskResultReference)");
        }
        return text;
    }

    /** Substitutes text; unknown references stay as they are. */
    String text(String s) {
        return substitution().apply(s);
    }
}
