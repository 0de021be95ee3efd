package io.gitopsbridge.pipeline;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineGraph;
import io.gitopsbridge.tekton.PipelineTask;
import io.gitopsbridge.tekton.ResolvedParams;
import io.gitopsbridge.tekton.ResultDeclaration;
import io.gitopsbridge.tekton.WorkspaceDeclaration;
import io.gitopsbridge.yaml.YamlNode;
import io.gitopsbridge.taskrun.DaemonThreads;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.TaskRunHandle;
import io.gitopsbridge.taskrun.TaskRunResult;
import io.gitopsbridge.taskrun.TaskRunner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/** Runs Pipelines through a {@link TaskRunner}. */
public final class PipelineRunner implements AutoCloseable {
    private final KubernetesClient client;
    private final TaskRunner tasks;
    /** Tekton's default {@code default-max-matrix-combinations-count}. */
    private static final int MAX_MATRIX = 256;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("gitops-bridge-pipeline"));

    public PipelineRunner(KubernetesClient client, TaskRunner tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    /**
     * Starts a run.
     *
     * @throws IllegalArgumentException when params or workspaces do not fit the Pipeline; nothing is created then
     */
    public PipelineRunHandle start(PipelineRunRequest request, PipelineOptions options, LogSink sink) {
        Map<String, ParamValue> params = resolveParams(request);
        for (WorkspaceDeclaration w : request.pipeline().workspaces()) {
            boolean bound = request.workspaces().containsKey(w.name()) || request.claimTemplates().containsKey(w.name());
            if (!bound && !w.optional()) {
                throw new IllegalArgumentException("Pipeline '" + request.pipeline().name() + "' needs workspace '" + w.name() + "'");
            }
        }
        PipelineRunHandle handle = new PipelineRunHandle();
        threads.submit(() -> {
            try {
                handle.result().complete(new Run(request, options, sink, handle, params, false).run());
            } catch (Throwable e) {
                handle.result().completeExceptionally(e);
            }
        });
        return handle;
    }

    /**
     * The task runs of a Pipeline run in schedule order, with params substituted as far as they can be before any
     * task has run (references to results stay as written); nothing is created.
     */
    public static List<TaskRunRequest> plan(PipelineRunRequest request) {
        try (PipelineRunner planner = new PipelineRunner(null, null)) {
            PipelineRunHandle handle = new PipelineRunHandle();
            return planner.new Run(request, PipelineOptions.DEFAULT, LogSink.printing(l -> { }, l -> { }), handle,
                    resolveParams(request), true).plan();
        }
    }

    private static Map<String, ParamValue> resolveParams(PipelineRunRequest request) {
        Pipeline p = request.pipeline();
        return ResolvedParams.resolve("Pipeline '" + p.name() + "'", p.params(), request.params()).values();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** The Kubernetes name of a task run: {@code <run>-<task>[-<i>]}, shortened with a hash to fit. */
    static String taskRunName(String run, String task, int matrixIndex) {
        String name = run + "-" + task + (matrixIndex < 0 ? "" : "-" + matrixIndex);
        if (name.length() <= 52) {
            return name;
        }
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)), 0, 4);
            return name.substring(0, 43).replaceAll("-+$", "") + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One finished or running unit: a task, or one cell of a matrix task. */
    private record Done(String task, int index, TaskRunResult result) {}

    /** The state of one Pipeline run, driven from one thread. */
    private final class Run {
        private final PipelineRunRequest request;
        private final PipelineOptions options;
        private final LogSink sink;
        private final PipelineRunHandle handle;
        private final Pipeline pipeline;
        private final PipelineVariables vars;
        private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        /** Also read by whoever cancels the run (an aborted build, the pipeline timeout), from their own thread. */
        private final Map<String, TaskRunHandle> running = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Integer> outstanding = new LinkedHashMap<>();
        /** Finished cells of matrix tasks by cell index, so their results keep the matrix's order. */
        private final Map<String, java.util.TreeMap<Integer, TaskRunResult>> cells = new LinkedHashMap<>();
        private final Map<String, String> status = new LinkedHashMap<>();
        private final Map<String, TaskRunResult> results = new LinkedHashMap<>();
        private final Map<String, String> skipped = new LinkedHashMap<>();
        private final Map<String, WorkspaceBinding> workspaces = new LinkedHashMap<>();
        private final List<String> claims = new ArrayList<>();
        private boolean stopping;
        private volatile boolean timedOut;
        private String firstFailure;

        Run(PipelineRunRequest request, PipelineOptions options, LogSink sink, PipelineRunHandle handle, Map<String, ParamValue> params,
                boolean planning) {
            this.request = request;
            this.options = options;
            this.sink = sink;
            this.handle = handle;
            this.pipeline = request.pipeline();
            this.vars = new PipelineVariables(params, request.runName(), pipeline.name(), planning);
            handle.onCancel(this::cancelRunning);
        }

        PipelineRunResult run() throws InterruptedException {
            java.util.concurrent.ScheduledExecutorService timer = null;
            try {
                if (!request.timeout().isZero()) {
                    // timeouts.pipeline bounds everything, finally tasks included: when it passes, all is cancelled.
                    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gitops-bridge-pipeline-timeout"));
                    timer.schedule(() -> {
                        timedOut = true;
                        handle.cancel("timed out after " + io.gitopsbridge.tekton.GoDuration.format(request.timeout()));
                    }, request.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                createSecrets();
                createClaims();
                runGraph(pipeline.tasks(), false);
                String overall = overallStatus();
                vars.define("tasks.status", overall);
                for (PipelineTask t : pipeline.tasks()) {
                    vars.define("tasks." + t.name() + ".status", status.getOrDefault(t.name(), "None"));
                }
                boolean cancelledBeforeFinally = handle.cancelReason() != null;
                if (!pipeline.finallyTasks().isEmpty() && !timedOut) {
                    stopping = false;
                    runGraph(pipeline.finallyTasks(), true);
                }
                Map<String, String> pipelineResults = new LinkedHashMap<>();
                for (var r : pipeline.results().entrySet()) {
                    boolean ok = true;
                    for (var ref : List.of(PipelineGraph.RESULT_REF, PipelineGraph.FINALLY_RESULT_REF)) {
                        var producers = ref.matcher(r.getValue());
                        while (producers.find()) {
                            ok &= "Succeeded".equals(status.get(producers.group(1)));
                        }
                    }
                    if (ok) {
                        pipelineResults.put(r.getKey(), vars.result(r.getValue()));
                    }
                }
                boolean finallyFailed = pipeline.finallyTasks().stream().anyMatch(t -> "Failed".equals(status.get(t.name())));
                TaskRunResult.Status outcome = timedOut
                        ? TaskRunResult.Status.TIMED_OUT
                        : cancelledBeforeFinally
                        ? TaskRunResult.Status.CANCELLED
                        : overall.equals("Failed") || finallyFailed ? TaskRunResult.Status.FAILED : TaskRunResult.Status.SUCCEEDED;
                String message = switch (outcome) {
                    case SUCCEEDED -> "Pipeline '" + pipeline.name() + "' succeeded";
                    case CANCELLED -> "Pipeline '" + pipeline.name() + "' was cancelled (" + handle.cancelReason() + ")";
                    case TIMED_OUT -> "Pipeline '" + pipeline.name() + "' " + handle.cancelReason()
                            + " (PipelineRunTimeout)";
                    default -> "Pipeline '" + pipeline.name() + "' failed: " + (firstFailure != null ? firstFailure : "a finally task failed");
                };
                return new PipelineRunResult(outcome, message, java.util.Collections.unmodifiableMap(results),
                        java.util.Collections.unmodifiableMap(skipped), java.util.Collections.unmodifiableMap(pipelineResults));
            } finally {
                if (timer != null) {
                    timer.shutdownNow();
                }
                deleteClaims();
                deleteSecrets();
            }
        }

        /** Runs tasks in dependency order until all have finished or been skipped, or a failure stops the rest. */
        private void runGraph(List<PipelineTask> graph, boolean isFinally) throws InterruptedException {
            List<PipelineTask> pending = new ArrayList<>(graph);
            while (!pending.isEmpty() || !outstanding.isEmpty()) {
                boolean progressed = false;
                if (!stopping && !timedOut && (isFinally || handle.cancelReason() == null)) {
                    for (PipelineTask t : List.copyOf(pending)) {
                        if (running.size() >= options.maxParallel()) {
                            break;
                        }
                        if (!isFinally && !PipelineGraph.dependencies(t).stream().allMatch(status::containsKey)) {
                            continue;
                        }
                        pending.remove(t);
                        progressed = true;
                        String skip = skipReason(t);
                        if (skip != null) {
                            skip(t.name(), skip);
                        } else {
                            startTask(t, isFinally);
                        }
                    }
                }
                if (progressed) {
                    continue;
                }
                if (outstanding.isEmpty()) {
                    for (PipelineTask t : pending) {
                        status.putIfAbsent(t.name(), "None");
                    }
                    return;
                }
                finished(done.take());
            }
        }

        private String skipReason(PipelineTask t) {
            for (String producer : PipelineGraph.resultProducers(t)) {
                if (!"Succeeded".equals(status.get(producer))) {
                    return "it needs results of '" + producer + "', which " + ("Failed".equals(status.get(producer)) ? "failed" : "did not run");
                }
            }
            for (PipelineTask.When w : t.when()) {
                String input = vars.text(w.input());
                List<String> values = w.values().stream().map(vars::text).toList();
                if (values.contains(input) != w.in()) {
                    return "when expression is false: '" + input + "' " + (w.in() ? "not in " : "in ") + values;
                }
            }
            return null;
        }

        private void skip(String task, String reason) {
            status.put(task, "Skipped");
            skipped.put(task, reason);
            sink.event("Skipped task '" + task + "': " + reason);
        }

        private void startTask(PipelineTask t, boolean isFinally) {
            List<TaskRunRequest> runs;
            try {
                runs = taskRuns(t);
            } catch (RuntimeException e) {
                outstanding.put(t.name(), 1);
                done.add(new Done(t.name(), -1, new TaskRunResult(TaskRunResult.Status.FAILED, "InvalidTaskRun",
                        e.getMessage(), Map.of(), List.of(), null, 0)));
                return;
            }
            if (runs.isEmpty()) {
                skip(t.name(), "Matrix Parameters have an empty array");
                return;
            }
            outstanding.put(t.name(), runs.size());
            for (int i = 0; i < runs.size(); i++) {
                int index = cellIndex(t, runs.size(), i);
                String label = index < 0 ? t.name() : t.name() + "[" + index + "]";
                TaskRunHandle h;
                try {
                    h = tasks.start(runs.get(i), options.taskOptions().withRetries(t.retries()), prefixed(label));
                } catch (IllegalArgumentException e) {
                    done.add(new Done(t.name(), index, new TaskRunResult(TaskRunResult.Status.FAILED, "InvalidTaskRun",
                            e.getMessage(), Map.of(), List.of(), null, 0)));
                    continue;
                }
                running.put(label, h);
                if (!isFinally && handle.cancelReason() != null) {
                    h.cancel(handle.cancelReason());
                }
                int cell = index;
                h.result().whenComplete((r, e) -> done.add(new Done(t.name(), cell, r != null ? r
                        : new TaskRunResult(TaskRunResult.Status.FAILED, "Error", String.valueOf(e), Map.of(), List.of(), null, 0))));
            }
        }

        /** A matrix cell's index, or -1 for a task without a matrix. */
        private static int cellIndex(PipelineTask t, int runs, int i) {
            return runs == 1 && t.matrix().isEmpty() && t.matrixInclude().isEmpty() ? -1 : i;
        }

        /** The task runs a pipeline task makes now: one, or one per matrix cell (none for an empty matrix). */
        private List<TaskRunRequest> taskRuns(PipelineTask t) {
            Map<String, ParamValue> params = new LinkedHashMap<>();
            t.params().forEach((name, node) -> params.put(name, vars.value(node)));
            List<Map<String, ParamValue>> combinations = matrix(t, params);
            Map<String, WorkspaceBinding> bindings = new LinkedHashMap<>();
            t.workspaces().forEach((taskWs, pipelineWs) -> {
                WorkspaceBinding b = workspaces.get(pipelineWs);
                if (b != null) {
                    bindings.put(taskWs, b);
                }
            });
            io.gitopsbridge.tekton.Task task = t.task();
            if (t.node() != null && !t.node().get("taskSpec").isNull()) {
                // Tekton propagates the Pipeline's params, context and results into inline specs; the task's own
                // params shadow the Pipeline's of the same name.
                task = new io.gitopsbridge.tekton.Task(task.name(), io.gitopsbridge.tekton.TaskSubstitution.apply(
                        task.spec(), vars.substitution().without(t.params().keySet())), task.file());
            }
            PodTemplate template = request.taskPodTemplates().getOrDefault(t.name(), request.podTemplate());
            List<TaskRunRequest> runs = new ArrayList<>();
            for (int i = 0; i < combinations.size(); i++) {
                int index = cellIndex(t, combinations.size(), i);
                Map<String, String> labels = new LinkedHashMap<>(request.labels());
                labels.put("gitops-bridge.io/pipeline-run", request.runName());
                labels.put("gitops-bridge.io/pipeline-task", t.name());
                runs.add(new TaskRunRequest(taskRunName(request.runName(), t.name(), index), request.namespace(), task,
                        combinations.get(i), bindings, template, t.timeout() != null ? t.timeout() : request.taskTimeout(),
                        labels, request.annotations(), List.of()));
            }
            return runs;
        }

        /** The claim a run makes for a workspace's {@code volumeClaimTemplate} / {@code claim:SIZE}. */
        private String claimName(String workspace) {
            return taskRunName(request.runName(), workspace, -1);
        }

        /** Every task run in the order a run with no limit on parallelism would start them; creates nothing. */
        List<TaskRunRequest> plan() {
            workspaces.putAll(request.workspaces());
            request.claimTemplates().keySet().forEach(w ->
                    workspaces.put(w, new WorkspaceBinding.Pvc(claimName(w), null)));
            List<TaskRunRequest> plan = new ArrayList<>();
            List<PipelineTask> pending = new ArrayList<>(pipeline.tasks());
            Set<String> planned = new LinkedHashSet<>();
            while (!pending.isEmpty()) {
                List<PipelineTask> ready = pending.stream()
                        .filter(t -> planned.containsAll(PipelineGraph.dependencies(t))).toList();
                for (PipelineTask t : ready) {
                    plan.addAll(taskRuns(t));
                    planned.add(t.name());
                }
                if (ready.isEmpty()) {
                    break;
                }
                pending.removeAll(ready);
            }
            pipeline.finallyTasks().forEach(t -> plan.addAll(taskRuns(t)));
            return plan;
        }

        /**
         * The matrix's combinations, each with the task's other params: the fan-out of {@code matrix.params}, then
         * {@code matrix.include} as Tekton's {@code Matrix.FanOut} applies it.
         */
        private List<Map<String, ParamValue>> matrix(PipelineTask t, Map<String, ParamValue> base) {
            List<Map<String, String>> combos = new ArrayList<>();
            if (!t.matrix().isEmpty()) {
                combos.add(new LinkedHashMap<>());
            }
            for (var m : t.matrix().entrySet()) {
                ParamValue values = vars.value(m.getValue());
                if (!(values instanceof ParamValue.Array array)) {
                    throw m.getValue().error("matrix param '" + m.getKey() + "' is not an array");
                }
                // Tekton's distribute: each value in turn, over every combination so far
                List<Map<String, String>> next = new ArrayList<>();
                for (String v : array.values()) {
                    for (Map<String, String> combo : combos) {
                        Map<String, String> c = new LinkedHashMap<>(combo);
                        c.put(m.getKey(), v);
                        next.add(c);
                    }
                }
                combos = next;
            }
            List<Map<String, String>> includes = new ArrayList<>();
            for (Map<String, YamlNode> inc : t.matrixInclude()) {
                Map<String, String> c = new LinkedHashMap<>();
                inc.forEach((k, v) -> c.put(k, vars.text(v.string())));
                includes.add(c);
            }
            if (t.matrix().isEmpty()) {
                combos = includes;
            } else {
                for (Map<String, String> combo : combos) {
                    for (Map<String, String> inc : includes) {
                        // overwriteCombinations: an include that agrees with a combination on the names they share
                        if (inc.entrySet().stream().allMatch(e -> !combo.containsKey(e.getKey())
                                || combo.get(e.getKey()).equals(e.getValue()))) {
                            combo.putAll(inc);
                        }
                    }
                }
                List<Map<String, String>> added = new ArrayList<>();
                for (Map<String, String> inc : includes) {
                    // addNewCombinations: one that shares no name-value pair with any combination is a new one
                    boolean shares = !inc.isEmpty() && combos.stream().anyMatch(c -> inc.entrySet().stream()
                            .anyMatch(e -> e.getValue().equals(c.get(e.getKey()))));
                    if (!inc.isEmpty() && !shares) {
                        added.add(inc);
                    }
                }
                combos.addAll(added);
            }
            if (combos.isEmpty()) {
                // Tekton skips a task whose matrix has an empty array rather than running it without the param
                return t.matrix().isEmpty() && t.matrixInclude().isEmpty() ? List.of(base) : List.of();
            }
            if (combos.size() > MAX_MATRIX) {
                throw new IllegalArgumentException("task '" + t.name() + "' fans out to " + combos.size()
                        + " combinations; a matrix may have at most " + MAX_MATRIX);
            }
            List<Map<String, ParamValue>> out = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                Map<String, ParamValue> c = new LinkedHashMap<>(base);
                combo.forEach((k, v) -> c.put(k, new ParamValue.Text(v)));
                out.add(c);
            }
            return out;
        }

        private void finished(Done d) {
            String label = d.index() < 0 ? d.task() : d.task() + "[" + d.index() + "]";
            running.remove(label);
            results.put(label, d.result());
            cells.computeIfAbsent(d.task(), k -> new java.util.TreeMap<>()).put(d.index(), d.result());
            if (!d.result().succeeded() && firstFailure == null) {
                firstFailure = "task '" + label + "': " + d.result().message();
            }
            if (!d.result().succeeded()) {
                sink.event("Task '" + label + "' " + d.result().status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ": " + d.result().message());
            }
            int left = outstanding.merge(d.task(), -1, Integer::sum);
            if (left > 0) {
                return;
            }
            outstanding.remove(d.task());
            List<TaskRunResult> all = new ArrayList<>(cells.remove(d.task()).values());
            boolean ok = all.stream().allMatch(TaskRunResult::succeeded);
            if (ok) {
                try {
                    vars.results(d.task(), aggregate(d.task(), all, d.index() >= 0),
                            pipeline.finallyTasks().stream().anyMatch(f -> f.name().equals(d.task())));
                } catch (IllegalArgumentException e) {
                    ok = false;
                    firstFailure = firstFailure != null ? firstFailure : e.getMessage();
                    sink.event(e.getMessage());
                }
            }
            status.put(d.task(), ok ? "Succeeded" : "Failed");
            if (!ok && !stopping) {
                stopping = true;
                if (options.failFast()) {
                    running.values().forEach(h -> h.cancel("fail-fast: " + firstFailure));
                }
            }
        }

        /** A matrix task's string results become arrays, one element per run, as in Tekton. */
        private Map<String, ParamValue> aggregate(String task, List<TaskRunResult> runs, boolean matrixed) {
            Map<String, ParamValue> values = new LinkedHashMap<>();
            PipelineTask t = pipeline.task(task).orElseThrow();
            for (ResultDeclaration r : t.task().spec().results()) {
                if (matrixed) {
                    List<String> all = new ArrayList<>();
                    runs.forEach(run -> {
                        if (run.results().containsKey(r.name())) {
                            all.add(run.results().get(r.name()));
                        }
                    });
                    values.put(r.name(), new ParamValue.Array(all));
                } else if (runs.get(0).results().containsKey(r.name())) {
                    values.put(r.name(), typed(task, r, runs.get(0).results().get(r.name())));
                }
            }
            return values;
        }

        /** An array or object result is written as JSON, as Tekton reads it. */
        private ParamValue typed(String task, ResultDeclaration r, String text) {
            if (r.type() == io.gitopsbridge.tekton.ParamType.STRING) {
                return new ParamValue.Text(text);
            }
            try {
                Object json = PipelineVariables.JSON.readValue(text, Object.class);
                if (r.type() == io.gitopsbridge.tekton.ParamType.ARRAY && json instanceof List<?> list
                        && list.stream().allMatch(String.class::isInstance)) {
                    return new ParamValue.Array(list.stream().map(String.class::cast).toList());
                }
                if (r.type() == io.gitopsbridge.tekton.ParamType.OBJECT && json instanceof Map<?, ?> map
                        && map.values().stream().allMatch(String.class::isInstance)) {
                    Map<String, String> values = new LinkedHashMap<>();
                    map.forEach((k, v) -> values.put(String.valueOf(k), (String) v));
                    return new ParamValue.Object(values);
                }
            } catch (java.io.IOException e) {
                // reported below
            }
            throw new IllegalArgumentException("task '" + task + "' wrote result '" + r.name() + "' as " + text
                    + ", which is not a JSON " + r.type().name().toLowerCase(java.util.Locale.ROOT) + " of strings"
                    + " (InvalidTaskResultReference)");
        }

        private String overallStatus() {
            Set<String> statuses = new LinkedHashSet<>();
            pipeline.tasks().forEach(t -> statuses.add(status.getOrDefault(t.name(), "None")));
            if (statuses.contains("Failed") || handle.cancelReason() != null) {
                return "Failed";
            }
            return statuses.contains("Skipped") || statuses.contains("None") ? "Completed" : "Succeeded";
        }

        private void cancelRunning() {
            running.values().forEach(h -> h.cancel(handle.cancelReason()));
        }

        private LogSink prefixed(String task) {
            return new LogSink() {
                @Override
                public void stepStarted(String step) {
                    sink.stepStarted(task + "/" + step);
                }

                @Override
                public void line(String step, String line) {
                    sink.line(task + "/" + step, line);
                }

                @Override
                public void event(String message) {
                    sink.event("[" + task + "] " + message);
                }
            };
        }

        private final List<String> secrets = new ArrayList<>();

        /** The run's Secrets (credentials), before any Pod that mounts them; deleted when the run ends. */
        private void createSecrets() {
            for (io.fabric8.kubernetes.api.model.Secret secret : request.secrets()) {
                io.fabric8.kubernetes.api.model.Secret labelled = new io.fabric8.kubernetes.api.model.SecretBuilder(secret)
                        .editOrNewMetadata().addToLabels(claimLabels(request)).endMetadata().build();
                client.secrets().inNamespace(request.namespace()).resource(labelled).create();
                secrets.add(secret.getMetadata().getName());
                sink.event("Created Secret " + request.namespace() + "/" + secret.getMetadata().getName());
            }
        }

        private void deleteSecrets() {
            for (String secret : secrets) {
                try {
                    client.secrets().inNamespace(request.namespace()).withName(secret).delete();
                } catch (KubernetesClientException e) {
                    sink.event("Could not delete Secret " + secret + ": " + e.getMessage());
                }
            }
        }

        private void createClaims() {
            workspaces.putAll(request.workspaces());
            for (var t : request.claimTemplates().entrySet()) {
                String name = claimName(t.getKey());
                client.persistentVolumeClaims().inNamespace(request.namespace()).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(name).withLabels(claimLabels(request)).endMetadata()
                        .withSpec(t.getValue())
                        .build()).create();
                claims.add(name);
                workspaces.put(t.getKey(), new WorkspaceBinding.Pvc(name, null));
                sink.event("Created PersistentVolumeClaim " + request.namespace() + "/" + name + " for workspace '" + t.getKey() + "'");
            }
        }

        private void deleteClaims() {
            for (String claim : claims) {
                try {
                    client.persistentVolumeClaims().inNamespace(request.namespace()).withName(claim).delete();
                } catch (KubernetesClientException e) {
                    sink.event("Could not delete PersistentVolumeClaim " + claim + ": " + e.getMessage());
                }
            }
        }
    }

    /** The run's own labels (such as the Jenkins build's) on its claims too, so they can be found like its Pods. */
    private static Map<String, String> claimLabels(PipelineRunRequest request) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(request.labels());
        labels.put("app.kubernetes.io/managed-by", "gitops-bridge");
        labels.put("gitops-bridge.io/pipeline-run", request.runName());
        return labels;
    }
}
