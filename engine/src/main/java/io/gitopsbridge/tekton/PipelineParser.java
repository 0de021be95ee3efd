package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** Reads and validates Tekton Pipelines; errors name the file, YAML path and line. */
public final class PipelineParser {
    private static final Set<String> DOCUMENT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> SPEC_FIELDS = Set.of(
            "params", "workspaces", "results", "tasks", "finally", "description", "displayName");
    private static final Set<String> TASK_FIELDS = Set.of(
            "name", "taskRef", "taskSpec", "params", "workspaces", "runAfter", "when", "retries", "timeout", "matrix",
            "displayName", "description");
    private static final int MAX_MATRIX = 256;
    private static final java.util.regex.Pattern STATUS =
            java.util.regex.Pattern.compile("\\$\\((tasks\\.status|tasks\\.[a-z0-9-]+\\.status)\\)");
    /** {@code $(workspaces.<name>.…)}, the references Tekton propagates workspaces for. */
    private static final java.util.regex.Pattern WORKSPACE_REF =
            java.util.regex.Pattern.compile("\\$\\(workspaces\\.([a-zA-Z0-9_-]+)\\.(?:path|bound|claim|volume)\\)");

    private PipelineParser() {}

    /** Reads a file holding one Pipeline document; {@code taskRef}s resolve through {@code tasks}. */
    public static Pipeline pipeline(String file, String text, TaskResolver tasks) {
        return pipeline(YamlFiles.document(file, text), tasks);
    }

    /** Reads a Pipeline document; {@code taskRef}s resolve through {@code tasks}. */
    public static Pipeline pipeline(YamlNode doc, TaskResolver tasks) {
        doc.onlyKeys(DOCUMENT_FIELDS, "a Pipeline");
        String apiVersion = doc.required("apiVersion").string();
        if (!apiVersion.equals("tekton.dev/v1") && !apiVersion.equals("tekton.dev/v1beta1")) {
            throw doc.get("apiVersion").error("apiVersion must be tekton.dev/v1 or tekton.dev/v1beta1, not '" + apiVersion + "'");
        }
        if (!"Pipeline".equals(doc.required("kind").string())) {
            throw doc.get("kind").error("kind must be Pipeline, not '" + doc.get("kind").string() + "'");
        }
        YamlNode nameNode = doc.required("metadata").required("name");
        String problem = Names.labelProblem("Pipeline name", nameNode.string());
        if (problem != null) {
            throw nameNode.error(problem);
        }
        return spec(nameNode.string(), doc.required("spec"), tasks, apiVersion.endsWith("v1beta1"));
    }

    /** Reads a Pipeline spec node. */
    public static Pipeline spec(String name, YamlNode spec, TaskResolver resolver, boolean v1beta1) {
        return spec(name, spec, resolver, v1beta1, List.of());
    }

    /**
     * Reads a Pipeline spec node, such as a PipelineRun's {@code pipelineSpec}.
     *
     * @param runParams for an embedded spec, the params its run passes: Tekton propagates them, so references to them
     *     are admitted though the spec does not declare them
     */
    public static Pipeline spec(String name, YamlNode spec, TaskResolver resolver, boolean v1beta1, List<ParamSpec> runParams) {
        if (spec.map().containsKey("resources")) {
            throw spec.get("resources").error("PipelineResources were removed from Tekton; use workspaces and params");
        }
        spec.onlyKeys(SPEC_FIELDS, "a Pipeline spec");
        List<ParamSpec> params = spec.optList("params").stream().map(TektonParser::param).toList();
        List<ParamSpec> visible = new ArrayList<>(runParams);
        visible.addAll(params);
        List<WorkspaceDeclaration> workspaces = new ArrayList<>();
        for (YamlNode w : spec.optList("workspaces")) {
            w.onlyKeys(Set.of("name", "optional", "description"), "a Pipeline workspace");
            workspaces.add(new WorkspaceDeclaration(w.required("name").string(), null,
                    false, !w.get("optional").isNull() && w.get("optional").bool(), w.optString("description").orElse(null), w));
        }
        List<PipelineTask> tasks = spec.optList("tasks").stream().map(t -> task(t, resolver, v1beta1, visible, workspaces)).toList();
        if (tasks.isEmpty()) {
            throw spec.error("a Pipeline needs at least one task in 'tasks'");
        }
        List<PipelineTask> finallyTasks = spec.optList("finally").stream().map(t -> task(t, resolver, v1beta1, visible, workspaces)).toList();
        Map<String, YamlNode> seen = new HashMap<>();
        for (PipelineTask t : concat(tasks, finallyTasks)) {
            YamlNode first = seen.putIfAbsent(t.name(), t.node());
            if (first != null) {
                throw t.node().get("name").error("duplicate task name '" + t.name() + "' (also at " + first.path()
                        + ", line " + first.line() + ")");
            }
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (YamlNode r : spec.optList("results")) {
            r.onlyKeys(Set.of("name", "value", "type", "description"), "a Pipeline result");
            results.put(r.required("name").string(), r.required("value").string());
        }
        Pipeline pipeline = new Pipeline(name, params, workspaces, results, tasks, finallyTasks, spec.file());
        validate(pipeline, spec, visible);
        return pipeline;
    }

    private static PipelineTask task(YamlNode node, TaskResolver resolver, boolean v1beta1, List<ParamSpec> pipelineParams,
            List<WorkspaceDeclaration> pipelineWorkspaces) {
        node.onlyKeys(TASK_FIELDS, "a pipeline task");
        YamlNode nameNode = node.required("name");
        String name = nameNode.string();
        String problem = Names.labelProblem("task name", name);
        if (problem != null) {
            throw nameNode.error(problem);
        }
        YamlNode ref = node.get("taskRef");
        YamlNode inline = node.get("taskSpec");
        if (ref.isNull() == inline.isNull()) {
            throw node.error("task '" + name + "' needs exactly one of taskRef and taskSpec");
        }
        Task task;
        if (!ref.isNull()) {
            task = StepActions.attach(Refs.task(ref, resolver), resolver::stepAction);
        } else {
            Map<String, YamlNode> body = new LinkedHashMap<>(inline.map());
            body.remove("metadata");
            task = StepActions.attach(new Task(name, TektonParser.taskSpec(YamlNode.synthetic(inline.file(), inline.path(),
                    body), v1beta1, pipelineParams), inline.file()), resolver::stepAction);
        }
        Map<String, YamlNode> params = new LinkedHashMap<>();
        for (YamlNode p : node.optList("params")) {
            p.onlyKeys(Set.of("name", "value"), "a pipeline task param");
            // A param the Task does not declare is passed on, as Tekton does.
            String pn = p.required("name").string();
            params.put(pn, p.required("value"));
        }
        Map<String, YamlNode> matrix = new LinkedHashMap<>();
        List<Map<String, YamlNode>> include = new ArrayList<>();
        YamlNode matrixNode = node.get("matrix");
        if (!matrixNode.isNull()) {
            matrixNode.onlyKeys(Set.of("params", "include"), "a matrix");
            for (YamlNode p : matrixNode.optList("params")) {
                String pn = p.required("name").string();
                if (task.spec().param(pn).isEmpty()) {
                    throw p.get("name").error("matrix param '" + pn + "' is not a param of Task '" + task.name() + "'");
                }
                YamlNode values = p.required("value");
                if (!values.isList() && !(values.isScalar()
                        && values.string().matches("\\$\\((params|tasks\\.[^.)]+\\.results)\\.[^)]+\\[\\*]\\)"))) {
                    throw values.error("matrix param '" + pn + "' needs a list of values, $(params.<array>[*]) or"
                            + " $(tasks.<task>.results.<array>[*])");
                }
                if (values.isList() && values.list().size() > MAX_MATRIX) {
                    throw values.error("matrix param '" + pn + "' has " + values.list().size() + " values; at most "
                            + MAX_MATRIX + " runs are allowed");
                }
                matrix.put(pn, values);
            }
            for (YamlNode inc : matrixNode.optList("include")) {
                inc.onlyKeys(Set.of("name", "params"), "a matrix include");
                Map<String, YamlNode> combination = new LinkedHashMap<>();
                for (YamlNode p : inc.optList("params")) {
                    p.onlyKeys(Set.of("name", "value"), "a matrix include param");
                    YamlNode value = p.required("value");
                    if (!value.isScalar()) {
                        throw value.error("matrix include param '" + p.required("name").string() + "' takes one string value");
                    }
                    combination.put(p.required("name").string(), value);
                }
                include.add(combination);
            }
            long combinations = matrix.isEmpty() ? 0 : 1;
            for (YamlNode values : matrix.values()) {
                combinations *= values.isList() ? values.list().size() : 1;
                combinations = Math.min(combinations, Integer.MAX_VALUE);
            }
            if (combinations + include.size() > MAX_MATRIX) {
                throw matrixNode.error("matrix of task '" + name + "' makes " + (combinations + include.size())
                        + " combinations; at most " + MAX_MATRIX + " are allowed (Tekton's default-max-matrix-combinations-count)");
            }
        }
        for (ParamSpec declared : task.spec().params()) {
            if (declared.required() && !params.containsKey(declared.name()) && !matrix.containsKey(declared.name())
                    && (include.isEmpty() || !include.stream().allMatch(c -> c.containsKey(declared.name())))) {
                throw node.error("task '" + name + "' does not pass required param '" + declared.name() + "' of Task '"
                        + task.name() + "'");
            }
        }
        Map<String, String> workspaces = new LinkedHashMap<>();
        for (YamlNode w : node.optList("workspaces")) {
            w.onlyKeys(Set.of("name", "workspace", "subPath"), "a pipeline task workspace");
            // A workspace the Task does not declare is mounted at /workspace/<name>, as Tekton does.
            String wn = w.required("name").string();
            workspaces.put(wn, w.optString("workspace").orElse(wn));
        }
        if (!inline.isNull()) {
            // Tekton propagates the Pipeline's workspaces that an inline spec refers to without binding them.
            List<String> texts = new ArrayList<>();
            PipelineGraph.collect(inline, texts);
            for (String text : texts) {
                java.util.regex.Matcher used = WORKSPACE_REF.matcher(text);
                while (used.find()) {
                    String wn = used.group(1);
                    if (!workspaces.containsKey(wn) && pipelineWorkspaces.stream().anyMatch(w -> w.name().equals(wn))) {
                        workspaces.put(wn, wn);
                    }
                }
            }
        }
        for (WorkspaceDeclaration ws : task.spec().workspaces()) {
            if (!ws.optional() && !workspaces.containsKey(ws.name())) {
                throw node.error("task '" + name + "' does not bind workspace '" + ws.name() + "' of Task '" + task.name() + "'");
            }
        }
        List<PipelineTask.When> when = new ArrayList<>();
        for (YamlNode w : node.optList("when")) {
            w.onlyKeys(Set.of("input", "operator", "values"), "a when expression");
            String op = w.required("operator").string();
            if (!op.equals("in") && !op.equals("notin")) {
                throw w.get("operator").error("when operator must be in or notin, not '" + op + "'");
            }
            when.add(new PipelineTask.When(w.required("input").string(), op.equals("in"), w.required("values").mapList(YamlNode::string)));
        }
        Duration timeout = null;
        if (!node.get("timeout").isNull()) {
            try {
                timeout = GoDuration.parse(node.get("timeout").string());
            } catch (IllegalArgumentException e) {
                throw node.get("timeout").error(e.getMessage());
            }
        }
        int retries = node.get("retries").isNull() ? 0 : (int) node.get("retries").number();
        return new PipelineTask(name, task, params, workspaces, node.strings("runAfter"), when, retries, timeout, matrix,
                include, node);
    }

    private static void validate(Pipeline pipeline, YamlNode spec, List<ParamSpec> visible) {
        Set<String> graphNames = new LinkedHashSet<>();
        pipeline.tasks().forEach(t -> graphNames.add(t.name()));
        Set<String> workspaceNames = new LinkedHashSet<>();
        pipeline.workspaces().forEach(w -> workspaceNames.add(w.name()));
        for (PipelineTask t : concat(pipeline.tasks(), pipeline.finallyTasks())) {
            boolean isFinally = pipeline.finallyTasks().contains(t);
            for (String after : t.runAfter()) {
                if (isFinally) {
                    throw t.node().get("runAfter").error("finally task '" + t.name() + "' cannot have runAfter; finally tasks run after all others");
                }
                if (!graphNames.contains(after)) {
                    throw t.node().get("runAfter").error("task '" + t.name() + "' runs after '" + after + "', which is not a task of the Pipeline");
                }
            }
            for (var w : t.workspaces().entrySet()) {
                if (!workspaceNames.contains(w.getValue())) {
                    throw t.node().get("workspaces").error("task '" + t.name() + "' binds workspace '" + w.getKey()
                            + "' to '" + w.getValue() + "', which the Pipeline does not declare" + declared(List.copyOf(workspaceNames)));
                }
            }
            for (String text : PipelineGraph.texts(t)) {
                checkText(pipeline, visible, t, text, isFinally, graphNames);
            }
        }
        for (var r : pipeline.results().entrySet()) {
            checkResultRefs(pipeline, spec.get("results"), r.getValue(), graphNames);
            Matcher fin = PipelineGraph.FINALLY_RESULT_REF.matcher(r.getValue());
            while (fin.find()) {
                String producer = fin.group(1);
                PipelineTask t = pipeline.finallyTasks().stream().filter(f -> f.name().equals(producer)).findFirst()
                        .orElseThrow(() -> spec.get("results").error("'" + fin.group() + "' refers to finally task '"
                                + producer + "', which is not a finally task of the Pipeline"));
                if (t.task().spec().result(fin.group(3)).isEmpty()) {
                    throw spec.get("results").error("'" + fin.group() + "' refers to result '" + fin.group(3)
                            + "', which finally task '" + producer + "' does not produce"
                            + declared(t.task().spec().results().stream().map(ResultDeclaration::name).toList()));
                }
            }
        }
        cycle(pipeline);
    }

    private static void checkText(Pipeline pipeline, List<ParamSpec> visible, PipelineTask t, String text, boolean isFinally,
            Set<String> graphNames) {
        for (References.Ref ref : References.find(text, "params")) {
            String name = ref.name();
            if (visible.stream().noneMatch(d -> d.name().equals(name))) {
                throw t.node().error("task '" + t.name() + "' uses '" + ref.text() + "', but the Pipeline declares no param '"
                        + name + "'" + declared(pipeline.params().stream().map(ParamSpec::name).toList()));
            }
        }
        Matcher status = STATUS.matcher(text);
        while (status.find()) {
            String expr = status.group(1);
            if (!isFinally) {
                throw t.node().error("task '" + t.name() + "' uses '$(" + expr + ")', which only finally tasks can read");
            }
            Matcher m = PipelineGraph.STATUS_REF.matcher(status.group());
            if (m.matches() && !graphNames.contains(m.group(1))) {
                throw t.node().error("task '" + t.name() + "' uses '$(" + expr + ")', but there is no task '" + m.group(1) + "'");
            }
        }
        checkResultRefs(pipeline, t.node(), text, graphNames);
    }

    private static void checkResultRefs(Pipeline pipeline, YamlNode where, String text, Set<String> graphNames) {
        Matcher m = PipelineGraph.RESULT_REF.matcher(text);
        while (m.find()) {
            String producer = m.group(1);
            String result = m.group(3);
            if (!graphNames.contains(producer)) {
                throw where.error("'" + m.group() + "' refers to task '" + producer + "', which is not a task of the Pipeline");
            }
            Task task = pipeline.task(producer).orElseThrow().task();
            // $(tasks.t.results.obj.key) reads a key of an object result
            boolean objectKey = result.contains(".") && task.spec().result(result.substring(0, result.indexOf('.')))
                    .filter(r -> r.type() == ParamType.OBJECT).isPresent();
            if (task.spec().result(result).isEmpty() && !objectKey) {
                throw where.error("'" + m.group() + "' refers to result '" + result + "', which task '" + producer
                        + "' (Task '" + task.name() + "') does not produce"
                        + declared(task.spec().results().stream().map(ResultDeclaration::name).toList()));
            }
        }
    }

    /** Fails naming the cycle when the tasks' dependencies loop. */
    private static void cycle(Pipeline pipeline) {
        Map<String, PipelineTask> byName = new LinkedHashMap<>();
        pipeline.tasks().forEach(t -> byName.put(t.name(), t));
        Map<String, Integer> state = new HashMap<>();
        for (String start : byName.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> loop = visit(start, byName, state, path);
            if (loop != null) {
                throw byName.get(loop.get(0)).node().error("tasks depend on each other in a cycle: " + String.join(" → ", loop));
            }
        }
    }

    private static List<String> visit(String name, Map<String, PipelineTask> byName, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            loop.add(name);
            return loop;
        }
        state.put(name, 1);
        path.add(name);
        for (String dep : PipelineGraph.dependencies(byName.get(name))) {
            List<String> loop = visit(dep, byName, state, path);
            if (loop != null) {
                return loop;
            }
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
        return null;
    }

    private static List<PipelineTask> concat(List<PipelineTask> a, List<PipelineTask> b) {
        List<PipelineTask> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }


    private static String declared(List<String> names) {
        return names.isEmpty() ? " (it declares none)" : " (declared: " + String.join(", ", names) + ")";
    }
}
