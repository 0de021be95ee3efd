package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a pipeline task depends on: its {@code runAfter} and every task whose results it reads. */
public final class PipelineGraph {
    /** {@code $(tasks.<task>.results.<result>)}, with an optional {@code [*]} or index. */
    public static final Pattern RESULT_REF = Pattern.compile(
            "\\$\\(tasks\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.results\\.([A-Za-z_][A-Za-z0-9_.-]*?)(\\[(\\*|\\d+)\\])?\\)");
    /** {@code $(finally.<task>.results.<result>)}, which only a Pipeline's results may use. */
    public static final Pattern FINALLY_RESULT_REF = Pattern.compile(
            "\\$\\(finally\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.results\\.([A-Za-z_][A-Za-z0-9_.-]*?)(\\[(\\*|\\d+)\\])?\\)");
    /** {@code $(tasks.<task>.status)}. */
    public static final Pattern STATUS_REF = Pattern.compile("\\$\\(tasks\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.status\\)");

    private PipelineGraph() {}

    /** Tasks whose results {@code task} reads, in order of first use. */
    public static Set<String> resultProducers(PipelineTask task) {
        Set<String> producers = new LinkedHashSet<>();
        for (String text : texts(task)) {
            Matcher m = RESULT_REF.matcher(text);
            while (m.find()) {
                producers.add(m.group(1));
            }
        }
        return producers;
    }

    /** Everything {@code task} must wait for. */
    public static Set<String> dependencies(PipelineTask task) {
        Set<String> deps = new LinkedHashSet<>(task.runAfter());
        deps.addAll(resultProducers(task));
        return deps;
    }

    /** Every string a pipeline task's params, matrix and when expressions hold. */
    static List<String> texts(PipelineTask task) {
        List<String> texts = new ArrayList<>();
        task.params().values().forEach(n -> collect(n, texts));
        task.matrix().values().forEach(n -> collect(n, texts));
        task.matrixInclude().forEach(c -> c.values().forEach(n -> collect(n, texts)));
        for (PipelineTask.When w : task.when()) {
            texts.add(w.input());
            texts.addAll(w.values());
        }
        return texts;
    }

    /** Every scalar below {@code node}, in document order. */
    static void collect(YamlNode node, List<String> out) {
        if (node.isMap()) {
            node.map().values().forEach(v -> collect(v, out));
        } else if (node.isList()) {
            node.list().forEach(v -> collect(v, out));
        } else if (node.isScalar()) {
            out.add(node.string());
        }
    }
}
