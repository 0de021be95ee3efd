package io.gitopsbridge.pipeline;

import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a pipeline task's params and {@code when} expressions may use: pipeline params, results of finished tasks,
 * task statuses (in {@code finally}) and the run's context.
 */
final class PipelineVariables {
    private static final Pattern REF = Pattern.compile("\\$\\(([^()]+)\\)");
    private static final Pattern WHOLE_ARRAY = Pattern.compile(
            "\\$\\((params\\.([A-Za-z_][A-Za-z0-9_.-]*)|tasks\\.([a-z0-9-]+)\\.results\\.([A-Za-z_][A-Za-z0-9_.-]*))\\[\\*]\\)");

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

    /** A param value for a task, from how the Pipeline wrote it. */
    ParamValue value(YamlNode node) {
        if (node.isList()) {
            List<String> values = new ArrayList<>();
            for (YamlNode item : node.list()) {
                ParamValue.Array whole = wholeArray(item.string());
                if (whole != null) {
                    values.addAll(whole.values());
                } else {
                    values.add(text(item.string()));
                }
            }
            return new ParamValue.Array(values);
        }
        if (node.isMap()) {
            Map<String, String> values = new LinkedHashMap<>();
            node.map().forEach((k, v) -> values.put(k, text(v.string())));
            return new ParamValue.Object(values);
        }
        ParamValue.Array whole = wholeArray(node.string());
        if (whole != null) {
            return whole;
        }
        String text = node.string().trim();
        Matcher m = REF.matcher(text);
        if (m.matches() && params.get(m.group(1).replaceFirst("^params\\.", "")) instanceof ParamValue.Object o
                && m.group(1).startsWith("params.")) {
            return o;
        }
        return new ParamValue.Text(text(node.string()));
    }

    /** Substitutes text; unknown references stay as they are. */
    String text(String s) {
        Matcher m = REF.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = lookup(m.group(1).trim());
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private ParamValue.Array wholeArray(String s) {
        Matcher m = WHOLE_ARRAY.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        ParamValue v = m.group(2) != null
                ? params.get(m.group(2))
                : results.getOrDefault(m.group(3), Map.of()).get(m.group(4));
        return v instanceof ParamValue.Array a ? a : null;
    }

    private String lookup(String expr) {
        if (plain.containsKey(expr)) {
            return plain.get(expr);
        }
        if (expr.startsWith("params.")) {
            String name = expr.substring("params.".length());
            ParamValue v = params.get(name);
            if (v == null && name.contains(".") && params.get(name.substring(0, name.indexOf('.'))) instanceof ParamValue.Object o) {
                return o.values().get(name.substring(name.indexOf('.') + 1));
            }
            return v == null ? null : flat(v);
        }
        Matcher r = Pattern.compile("tasks\\.([a-z0-9-]+)\\.results\\.([A-Za-z_][A-Za-z0-9_.-]*?)(\\[(\\d+)])?").matcher(expr);
        if (r.matches()) {
            ParamValue v = results.getOrDefault(r.group(1), Map.of()).get(r.group(2));
            if (v instanceof ParamValue.Array a && r.group(4) != null) {
                int i = Integer.parseInt(r.group(4));
                return i < a.values().size() ? a.values().get(i) : null;
            }
            return v == null ? null : flat(v);
        }
        return null;
    }

    private static String flat(ParamValue v) {
        if (v instanceof ParamValue.Text t) {
            return t.value();
        }
        if (v instanceof ParamValue.Array a) {
            return String.join(" ", a.values());
        }
        return ((ParamValue.Object) v).values().toString();
    }
}
