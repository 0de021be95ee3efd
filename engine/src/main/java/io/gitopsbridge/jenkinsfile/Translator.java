package io.gitopsbridge.jenkinsfile;

import io.gitopsbridge.jenkinsfile.Declarative.Agent;
import io.gitopsbridge.jenkinsfile.Declarative.Condition;
import io.gitopsbridge.jenkinsfile.Declarative.Directive;
import io.gitopsbridge.jenkinsfile.Declarative.EnvVar;
import io.gitopsbridge.jenkinsfile.Declarative.Post;
import io.gitopsbridge.jenkinsfile.Declarative.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates a declarative Jenkinsfile, for one build, into a Tekton PipelineRun: one Task per stage that has steps
 * (per matrix cell), ordered as Jenkins runs them (sequential stages one after another, parallel branches side by
 * side), all sharing one workspace claim mounted where the Kubernetes plugin mounts an agent's workspace, so files
 * flow between stages as on one agent. {@code when}, parameters and the build's environment are decided here, as
 * Jenkins decides them when the build runs; what cannot be translated faithfully is refused in the {@link Report}.
 */
public final class Translator {
    /** Where every step container mounts the run's workspace claim: the Kubernetes plugin's agent directory. */
    static final String AGENT_DIR = "/home/jenkins/agent";
    static final String WORKSPACE_NAME = "workspace";
    private static final String CREDENTIALS_DIR = "/gitops-bridge/credentials";
    /**
     * Where each step finds its credential files: copies of the Secret's, private to the step's user (ssh refuses a key
     * others may read, and a Secret volume's files belong to root), as Jenkins writes them for the agent's user.
     */
    private static final String CREDENTIAL_FILES = "/tmp/gitops-bridge-credentials";
    /** Readable by every user of the Pod, so that a step running as non-root can take its private copy. */
    private static final int CREDENTIALS_MODE = 0444;
    /**
     * Jenkins runs post conditions in this order, whatever order the file has them in: BuildCondition's extensions by
     * ordinal (always 1000 … success 700, unsuccessful 650, unstable 600, failure 500, notBuilt 400, cleanup last).
     */
    private static final List<String> POST_ORDER = List.of("always", "changed", "fixed", "regression", "aborted", "success",
            "unsuccessful", "unstable", "failure", "notBuilt", "cleanup");
    private static final Set<String> JENKINS_SIDE_OPTIONS = Set.of("timestamps", "ansiColor", "buildDiscarder",
            "disableConcurrentBuilds", "durabilityHint", "quietPeriod", "preserveStashes", "disableResume",
            "overrideIndexTriggers", "copyArtifactPermission", "rateLimitBuilds", "skipDefaultCheckout", "newContainerPerStage");

    /**
     * @param agentImage the image of {@code agent any}, a label, and the Kubernetes plugin's {@code jnlp} container (an
     *     image with sh and the tools your agents have); null: such agents are refused
     * @param labelImages images for {@code agent { label 'x' }} by label
     * @param toolImages images for {@code tools}: by {@code type:name} ({@code maven:M3}) or by type
     * @param gitImage the image {@code checkout scm} runs git in
     * @param jobName the job's name, the last part of the workspace path
     * @param credentialsSecret the Secret the run's credentials are put in
     * @param files reads a file next to the Jenkinsfile ({@code yamlFile}); null when it does not exist
     * @param only the stages to run (by name; a stage of stages selects all of its own); empty: all
     * @param collect whether {@code junit} and {@code archiveArtifacts} send their files back in the log (see
     *     {@link FileCollector}), for Jenkins to keep
     */
    public record Settings(String agentImage, Map<String, String> labelImages, Map<String, String> toolImages,
            String gitImage, String jobName, String credentialsSecret, String workspaceSize, Function<String, String> files,
            Set<String> only, boolean collect) {
        public static Settings defaults(String jobName) {
            return new Settings(null, Map.of(), Map.of(), "alpine/git:2.47.2", jobName, "jenkinsfile-credentials", "1Gi",
                    path -> null, Set.of(), false);
        }

        public Settings withAgentImage(String image) {
            return new Settings(image, labelImages, toolImages, gitImage, jobName, credentialsSecret, workspaceSize, files,
                    only, collect);
        }

        public Settings withFiles(Function<String, String> reader) {
            return new Settings(agentImage, labelImages, toolImages, gitImage, jobName, credentialsSecret, workspaceSize, reader,
                    only, collect);
        }

        public Settings withTools(Map<String, String> labels, Map<String, String> tools) {
            return new Settings(agentImage, labels, tools, gitImage, jobName, credentialsSecret, workspaceSize, files,
                    only, collect);
        }

        public Settings withGitImage(String image) {
            return new Settings(agentImage, labelImages, toolImages, image, jobName, credentialsSecret, workspaceSize, files,
                    only, collect);
        }

        public Settings withCredentialsSecret(String name) {
            return new Settings(agentImage, labelImages, toolImages, gitImage, jobName, name, workspaceSize, files,
                    only, collect);
        }

        public Settings collecting() {
            return new Settings(agentImage, labelImages, toolImages, gitImage, jobName, credentialsSecret, workspaceSize, files,
                    only, true);
        }

        public Settings withOnly(Set<String> stages) {
            return new Settings(agentImage, labelImages, toolImages, gitImage, jobName, credentialsSecret, workspaceSize, files,
                    Set.copyOf(stages), collect);
        }
    }

    /** A credential the run needs in its Secret: its id, type, and the Secret key of each part. */
    public record CredentialUse(String id, String type, Map<String, String> keys) {}

    /**
     * @param pipelineRun the PipelineRun, as a tree ({@code tekton.dev/v1})
     * @param stages each translated stage's name with its Task's name, in order; skipped stages are not here
     */
    public record Result(Map<String, Object> pipelineRun, Report report, Map<String, String> stages,
            List<CredentialUse> credentials, List<StageOutcome> outcomes, List<Collected> collected) {}

    /**
     * A {@code junit} or {@code archiveArtifacts} step whose files come back in the log, under the id their frame
     * carries, with the step's options as known when the build starts (junit's flags, healthScaleFactor, checksName).
     */
    public record Collected(int id, String step, Position at, Map<String, Object> options) {}

    /**
     * A stage with steps (a matrix cell's each): whether what it holds (its agent, environment, when, steps, options,
     * post) was translated; a skipped one was decided, so it counts as translated.
     */
    public record StageOutcome(String name, Position at, boolean translated, boolean skipped) {}

    private final Declarative.Jenkinsfile file;
    private final BuildContext context;
    private final Settings settings;
    private final Report report = new Report();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Val> runEnv = new LinkedHashMap<>();
    /** Names set by environment directives (pipeline and stages). */
    private final Set<String> directiveEnv = new LinkedHashSet<>();
    /** The script's variables: constants outside pipeline {}, and names a script assigns without def. */
    private final Map<String, Val> bindings = new LinkedHashMap<>();
    private final Map<String, CredentialUse> credentials = new LinkedHashMap<>();
    private final List<Map<String, Object>> tasks = new ArrayList<>();
    private final List<Map<String, Object>> taskRunSpecs = new ArrayList<>();
    private final Map<String, String> stages = new LinkedHashMap<>();
    private final Set<String> taskNames = new LinkedHashSet<>();
    private final List<StageOutcome> outcomes = new ArrayList<>();
    private final List<Collected> collected = new ArrayList<>();

    private Translator(Declarative.Jenkinsfile file, BuildContext context, Settings settings) {
        this.file = file;
        this.context = context;
        this.settings = settings;
    }

    public static Result translate(Declarative.Jenkinsfile file, BuildContext context, Settings settings) {
        return new Translator(file, context, settings).run();
    }

    /** Where a stage runs: its containers by name (each a container tree), which one steps use, the Pod's settings. */
    record Placement(Map<String, Map<String, Object>> containers, String defaultContainer, Map<String, Object> pod,
            List<Object> volumes, Position at) {}

    private Result run() {
        Declarative.Pipeline p = file.pipeline();
        outside();
        parameters(p.parameters());
        for (Directive t : p.triggers()) {
            report.add(Report.Kind.DIFFERENCE, t.at(), "triggers " + t.name(), "triggers start builds in Jenkins; the"
                    + " translation runs when the step runs");
        }
        for (Directive l : p.libraries()) {
            report.add(Report.Kind.REFUSED, l.at(), "libraries", "shared libraries run Groovy in Jenkins and are not translated");
        }
        boolean checkout = !hasOption(p.options(), "skipDefaultCheckout");
        String timeout = pipelineOptions(p.options());
        Map<String, Val> env = baseEnv();
        Scope scope = Scope.root("jnlp");
        environment(p.environment(), env, scope);
        Placement top = placement(p.agent(), p.tools(), null);
        List<String> first = List.of();
        if (checkout && (context.repository() == null || context.commit() == null)) {
            report.add(Report.Kind.DIFFERENCE, p.agent().at(), "checkout scm", "no repository and commit given: the"
                    + " implicit checkout of the Jenkinsfile's repository is left out");
        } else if (checkout) {
            first = List.of(checkoutTask(env, p.at()));
        }
        sequence(p.stages(), first, top, env);
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> pipelineSpec = new LinkedHashMap<>();
        pipelineSpec.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME)));
        pipelineSpec.put("tasks", tasks);
        if (!p.post().isEmpty()) {
            Placement post = top != null ? top : placement(new Agent("any", Map.of(), p.at()), List.of(), null);
            if (post != null) {
                Map<String, Object> finallyTask = postTask(p.post(), post, env);
                if (finallyTask != null) {
                    pipelineSpec.put("finally", List.of(finallyTask));
                }
            }
        }
        if (tasks.isEmpty()) {
            // A Pipeline needs a task: one that does nothing, where Jenkins would show every stage skipped.
            report.add(Report.Kind.DIFFERENCE, p.at(), "stages", "every stage is skipped for this build: a task that does"
                    + " nothing stands in for them");
            Map<String, Object> noop = new LinkedHashMap<>();
            noop.put("name", taskName("skipped"));
            noop.put("displayName", "every stage skipped");
            noop.put("taskSpec", Map.of("steps", List.of(Map.of("name", "none", "image", settings.gitImage(), "script",
                    "#!/bin/sh\n:\n"))));
            tasks.add(noop);
        }
        spec.put("pipelineSpec", pipelineSpec);
        Map<String, Object> claim = Map.of("spec", Map.of("accessModes", List.of("ReadWriteOnce"), "resources",
                Map.of("requests", Map.of("storage", settings.workspaceSize()))));
        spec.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "volumeClaimTemplate", claim)));
        if (timeout != null) {
            spec.put("timeouts", Map.of("pipeline", timeout));
            if (!p.post().isEmpty()) {
                report.add(Report.Kind.DIFFERENCE, p.at(), "options timeout", "when the pipeline's timeout passes, its post"
                        + " does not run; Jenkins runs always and cleanup after the abort");
            }
        }
        if (!taskRunSpecs.isEmpty()) {
            spec.put("taskRunSpecs", taskRunSpecs);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("apiVersion", "tekton.dev/v1");
        run.put("kind", "PipelineRun");
        run.put("metadata", Map.of("name", dnsLabel(settings.jobName()), "annotations",
                Map.of("gitops-bridge.io/jenkinsfile", p.at().file())));
        run.put("spec", spec);
        return new Result(run, report, stages, List.copyOf(credentials.values()), List.copyOf(outcomes),
                List.copyOf(collected));
    }

    /** Groovy around the pipeline: string constants are kept (Jenkins runs them first), anything else is refused. */
    private void outside() {
        for (Stmt.Other d : file.declarations()) {
            if (d.kind().equals("import")) {
                continue;
            }
            report.add(Report.Kind.REFUSED, d.at(), d.kind(), "Groovy outside pipeline {} (" + d.text() + ") is not translated");
        }
        for (Stmt s : file.outside()) {
            String name = s instanceof Stmt.Define d ? d.name() : s instanceof Stmt.Assign a && a.target() instanceof Expr.Name n
                    ? n.name() : null;
            Expr value = s instanceof Stmt.Define d ? d.value() : s instanceof Stmt.Assign a ? a.value() : null;
            Val known = null;
            if (s instanceof Stmt.Call c && c.name().equals("properties")) {
                report.add(Report.Kind.DIFFERENCE, s.at(), "properties", "job properties (parameters, triggers, build"
                        + " discarders) are Jenkins' to set; the translation takes the build as it runs");
                continue;
            }
            if (value instanceof Expr.Other o && o.kind().equals("empty")) {
                // def x: null until a stage assigns it.
                bindings.put(name, Val.of(null));
                continue;
            }
            if (name != null) {
                try {
                    // A constant, or one made of constants before it ("oci://${registry}/…").
                    known = steps(Set.of(), Map.of(), null).eval(value, Scope.root("jnlp"));
                } catch (Report.Refused r) {
                    known = null;
                }
            }
            if (known instanceof Val.Known) {
                bindings.put(name, known);
            } else {
                report.add(Report.Kind.REFUSED, s.at(), "Groovy", "Groovy outside pipeline {} that is not a constant is not"
                        + " translated");
            }
        }
    }

    private void parameters(List<Directive> declared) {
        for (Directive d : declared) {
            String name = Expr.string(d.args().named().get("name"));
            if (name == null) {
                report.add(Report.Kind.REFUSED, d.at(), "parameters " + d.name(), "a parameter needs a name");
                continue;
            }
            Expr def = d.args().named().get("defaultValue");
            String given = context.params().containsKey(name) ? context.params().get(name) : context.env().get(name);
            switch (d.name()) {
                case "string", "text" -> params.put(name, given != null ? given : def == null ? "" : Expr.string(def));
                case "booleanParam" -> params.put(name, given != null ? Boolean.valueOf(given)
                        : def instanceof Expr.Literal l && Boolean.TRUE.equals(l.value()));
                case "choice" -> {
                    Expr choices = d.args().named().get("choices");
                    String first = choices instanceof Expr.ListOf l && !l.items().isEmpty() ? Expr.string(l.items().get(0))
                            : Expr.string(choices) != null ? Expr.string(choices).split("\n", -1)[0] : null;
                    params.put(name, given != null ? given : first);
                }
                default -> report.add(Report.Kind.REFUSED, d.at(), "parameters " + d.name(), "parameter type " + d.name()
                        + " is not translated (string, text, booleanParam and choice are)");
            }
        }
        for (Map.Entry<String, String> e : context.params().entrySet()) {
            params.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    private static boolean hasOption(List<Directive> options, String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    /** Pipeline options: the timeout as a Tekton duration, or null; the rest reported. */
    private String pipelineOptions(List<Directive> options) {
        String timeout = null;
        for (Directive o : options) {
            if (o.name().equals("timeout")) {
                timeout = timeout(o);
            } else if (!JENKINS_SIDE_OPTIONS.contains(o.name())) {
                report.add(Report.Kind.REFUSED, o.at(), "options " + o.name(), "pipeline option " + o.name()
                        + " is not translated");
            }
        }
        return timeout;
    }

    private String timeout(Directive o) {
        if (o.args().named().containsKey("activity")) {
            report.add(Report.Kind.REFUSED, o.at(), "options timeout", "an activity timeout (no log output for a while) is"
                    + " not translated");
            return null;
        }
        Expr time = o.args().single("time");
        if (!(time instanceof Expr.Literal l && l.value() instanceof Number n)) {
            report.add(Report.Kind.REFUSED, o.at(), "options timeout", "the timeout's time must be a number");
            return null;
        }
        String unit = o.args().named().containsKey("unit") ? Steps.unitName(o.args().named().get("unit")) : "MINUTES";
        try {
            return Options.toSeconds(n.longValue(), unit, o.at()) + "s";
        } catch (Report.Refused r) {
            report.add(Report.Kind.REFUSED, o.at(), "options timeout", r.getMessage());
            return null;
        }
    }

    /** The environment every step has: the build's, the workspace, and the parameters (Jenkins sets them as env too). */
    private Map<String, Val> baseEnv() {
        Map<String, Val> env = new LinkedHashMap<>();
        context.env().forEach((k, v) -> env.put(k, Val.of(v)));
        env.put("WORKSPACE", Val.of(AGENT_DIR + "/workspace/" + settings.jobName()));
        params.forEach((k, v) -> env.putIfAbsent(k, Val.of(v == null ? null : String.valueOf(v))));
        return env;
    }

    /** Adds an {@code environment} block to {@code env}, in order (a value may use those before it). */
    private void environment(List<EnvVar> vars, Map<String, Val> env, Scope scope) {
        for (EnvVar v : vars) {
            directiveEnv.add(v.name());
            try {
                if (v.value() instanceof Expr.Call c && c.target() == null && c.name().equals("credentials")) {
                    credentialEnv(v.name(), c, env);
                    continue;
                }
                Steps evaluator = steps(Set.of(), env, null);
                Val value = evaluator.eval(v.value(), scope);
                if (value instanceof Val.Runtime r && r.text().parts().stream().allMatch(part -> !(part instanceof ShellText.Var var)
                        || Steps.AGENT_ENV.contains(var.name()) || var.name().startsWith("GB_"))) {
                    env.put(v.name(), r);
                    continue;
                }
                if (value instanceof Val.Runtime) {
                    throw Steps.refused(v.at(), "environment", "a value only the Pod knows is not translated in environment");
                }
                Object known = ((Val.Known) value).value();
                env.put(v.name(), Val.of(known == null ? null : String.valueOf(known)));
            } catch (Report.Refused r) {
                report.add(Report.Kind.REFUSED, r.at == null ? v.at() : r.at, "environment " + v.name(), r.getMessage());
            }
        }
    }

    /** {@code NAME = credentials('id')}: NAME, and NAME_USR/NAME_PSW where the type has them, as Jenkins binds them. */
    private void credentialEnv(String name, Expr.Call call, Map<String, Val> env) {
        String id = Expr.string(call.args().single("id"));
        if (id == null) {
            throw Steps.refused(call.at(), "credentials", "credentials() takes the credential's id as a string");
        }
        Map<String, String> parts = bind(id, call.at());
        String type = credentials.get(id).type();
        switch (type) {
            case "usernamePassword" -> {
                env.put(name + "_USR", runtime(parts.get("username")));
                env.put(name + "_PSW", runtime(parts.get("password")));
                env.put(name, new Val.Runtime(new ShellText(List.of(new ShellText.Var(parts.get("username")), ":",
                        new ShellText.Var(parts.get("password"))))));
            }
            case "string" -> env.put(name, runtime(parts.get("secret")));
            case "file" -> env.put(name, Val.of(parts.get("file")));
            case "sshUserPrivateKey" -> {
                env.put(name, Val.of(parts.get("key")));
                env.put(name + "_USR", runtime(parts.get("username")));
                env.put(name + "_PSW", runtime(parts.get("password")));
            }
            default -> throw Steps.refused(call.at(), "credentials", "credential type " + type + " is not translated");
        }
    }

    private static Val runtime(String variable) {
        return new Val.Runtime(ShellText.var(variable));
    }

    /**
     * The Pod-side names of credential {@code id}'s parts: env variables for values, file paths for files (the
     * credentials Secret mounted in every step).
     */
    private Map<String, String> bind(String id, Position at) {
        String type = context.credentialType().apply(id);
        if (type == null) {
            throw Steps.refused(at, "credentials", "the type of credential '" + id + "' is not known here (inside Jenkins it"
                    + " is looked up; outside, give it: --credential " + id + "=usernamePassword|string|file|sshUserPrivateKey)");
        }
        int n = credentials.containsKey(id) ? List.copyOf(credentials.keySet()).indexOf(id) : credentials.size();
        String key = "c" + n;
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        switch (type) {
            case "usernamePassword" -> {
                keys.put("username", key + "-username");
                keys.put("password", key + "-password");
            }
            case "string" -> keys.put("secret", key + "-secret");
            case "file" -> keys.put("file", key + "-file");
            case "sshUserPrivateKey" -> {
                keys.put("key", key + "-key");
                keys.put("username", key + "-username");
                keys.put("password", key + "-passphrase");
            }
            default -> throw Steps.refused(at, "credentials", "credential type " + type + " is not translated");
        }
        credentials.putIfAbsent(id, new CredentialUse(id, type, java.util.Collections.unmodifiableMap(keys)));
        for (Map.Entry<String, String> k : keys.entrySet()) {
            boolean isFile = k.getKey().equals("file") || k.getKey().equals("key");
            names.put(k.getKey(), isFile ? CREDENTIAL_FILES + "/" + k.getValue() : "GB_" + k.getValue().toUpperCase()
                    .replace('-', '_'));
        }
        return names;
    }

    private Steps steps(Set<String> containers, Map<String, Val> env, Steps.Source source) {
        return new Steps(report, containers, env, params, runEnv, bindings, this::bind, source, settings.collect(), directiveEnv,
                collected);
    }

    /** Translates {@code list} one after another; returns the Tasks the next stage runs after. */
    private List<String> sequence(List<Stage> list, List<String> after, Placement inherited, Map<String, Val> env) {
        List<String> ends = after;
        for (Stage s : list) {
            ends = stage(s, ends, inherited, env);
        }
        return ends;
    }

    private List<String> stage(Stage s, List<String> after, Placement inherited, Map<String, Val> outerEnv) {
        if (selectAll || settings.only().isEmpty()) {
            return translateStage(s, after, inherited, outerEnv);
        }
        if (settings.only().contains(s.name())) {
            // Asked for by name: the whole stage, as if every stage inside it were named.
            selectAll = true;
            try {
                return translateStage(s, after, inherited, outerEnv);
            } finally {
                selectAll = false;
            }
        }
        if (!selects(s)) {
            report.add(Report.Kind.SKIPPED, s.at(), "stage " + s.name(), "not one of the stages asked for");
            return after;
        }
        return translateStage(s, after, inherited, outerEnv);
    }

    private List<String> translateStage(Stage s, List<String> after, Placement inherited, Map<String, Val> outerEnv) {
        int refusedBefore = report.refused().size();
        int outcomesBefore = outcomes.size();
        // A stage's environment directive holds within the stage only.
        Set<String> directives = new LinkedHashSet<>(directiveEnv);
        List<String> ends;
        try {
            ends = stageBody(s, after, inherited, outerEnv);
        } finally {
            directiveEnv.retainAll(directives);
        }
        boolean clean = report.refused().size() == refusedBefore;
        if (outcomes.size() == outcomesBefore) {
            // Not translated down to its leaves (skipped, or refused before them): each leaf shares the stage's outcome.
            boolean skipped = ends == after && clean;
            for (Stage leaf : leaves(s)) {
                outcomes.add(new StageOutcome(leaf.name(), leaf.at(), clean, skipped));
            }
        } else if (!clean && s.leaf()) {
            outcomes.set(outcomes.size() - 1, new StageOutcome(s.name(), s.at(), false, false));
        }
        return ends;
    }

    private static List<Stage> leaves(Stage s) {
        List<Stage> out = new ArrayList<>();
        if (s.leaf()) {
            out.add(s);
        }
        for (List<Stage> inner : java.util.Arrays.asList(s.stages(), s.parallel(),
                s.matrix() == null ? null : s.matrix().cell().stages())) {
            if (inner != null) {
                inner.forEach(i -> out.addAll(leaves(i)));
            }
        }
        if (s.matrix() != null && s.matrix().cell().leaf()) {
            out.add(s.matrix().cell());
        }
        return out;
    }

    private List<String> stageBody(Stage s, List<String> after, Placement inherited, Map<String, Val> outerEnv) {
        Map<String, Val> env = new LinkedHashMap<>(outerEnv);
        Scope scope = Scope.root("jnlp");
        if (s.when() != null) {
            // Jenkins evaluates when before the stage's own environment (ModelInterpreter.evaluateStage), and sees
            // what earlier stages set through env.X.
            Map<String, Val> whenEnv = new LinkedHashMap<>(env);
            runEnv.forEach(whenEnv::putIfAbsent);
            Boolean go = when(s.when(), whenEnv, scope);
            if (go == null) {
                return after;
            }
            if (!go) {
                report.add(Report.Kind.SKIPPED, s.at(), "stage " + s.name(), "skipped due to when conditional");
                return after;
            }
        }
        environment(s.environment(), env, scope);
        Placement placement = s.agent() == null ? inherited : placement(s.agent(), s.tools(), inherited);
        if (s.agent() == null && !s.tools().isEmpty() && inherited != null) {
            placement = withTools(inherited, s.tools());
        }
        if (s.input() != null) {
            report.add(Report.Kind.REFUSED, s.input().at(), "input", "input waits for a person in Jenkins: split the Pipeline"
                    + " around it");
        }
        if (s.stages() != null) {
            stagePost(s);
            return sequence(s.stages(), after, placement, env);
        }
        if (s.parallel() != null) {
            stagePost(s);
            if (s.failFast() || hasOption(s.options(), "parallelsAlwaysFailFast")) {
                report.add(Report.Kind.REFUSED, s.at(), "failFast", "failFast (stopping the other branches when one fails)"
                        + " is not translated");
            }
            List<String> ends = new ArrayList<>();
            for (Stage branch : s.parallel()) {
                ends.addAll(stage(branch, after, placement, env));
            }
            if (s.parallel().stream().anyMatch(b -> !b.leaf())) {
                report.add(Report.Kind.DIFFERENCE, s.at(), "parallel", "when a Task fails, Tekton starts no new Task, so a"
                        + " branch's later stages stop too, where Jenkins would let the other branches finish");
            }
            return ends;
        }
        if (s.matrix() != null) {
            return matrix(s, after, placement, env);
        }
        return List.of(leaf(s, after, placement, env));
    }

    private boolean selectAll;

    /** Whether a stage inside {@code s} is asked for. */
    private boolean selects(Stage s) {
        List<Stage> inner = new ArrayList<>();
        if (s.stages() != null) {
            inner.addAll(s.stages());
        }
        if (s.parallel() != null) {
            inner.addAll(s.parallel());
        }
        if (s.matrix() != null && s.matrix().cell().stages() != null) {
            inner.addAll(s.matrix().cell().stages());
        }
        return inner.stream().anyMatch(i -> settings.only().contains(i.name()) || selects(i));
    }

    /**
     * Declarative's implicit {@code checkout scm}, as a Task of its own before every first stage, so that parallel
     * branches or matrix cells that start together all find the source in the shared workspace.
     */
    private String checkoutTask(Map<String, Val> env, Position at) {
        String name = taskName("checkout-scm");
        Steps steps = steps(Set.of(Steps.SOURCE_CONTAINER), env, new Steps.Source(context.repository(), context.commit(),
                Steps.SOURCE_CONTAINER));
        steps.translate(List.of(new Stmt.Call("checkout", new Expr.Args(List.of(new Expr.Name("scm", at)), Map.of(), null), at)),
                Scope.root(Steps.SOURCE_CONTAINER));
        Placement git = new Placement(Map.of(Steps.SOURCE_CONTAINER, container(Steps.SOURCE_CONTAINER, settings.gitImage())),
                Steps.SOURCE_CONTAINER, Map.of(), List.of(), at);
        List<Map<String, Object>> tektonSteps = new ArrayList<>();
        int index = 0;
        for (Steps.Segment seg : steps.segments()) {
            tektonSteps.add(step(name, seg, ++index, git, env, false, null, Map.of()));
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", name);
        task.put("displayName", "Declarative: Checkout SCM");
        stages.put("Declarative: Checkout SCM", name);
        taskRunSpecs.add(Map.of("pipelineTaskName", name, "podTemplate", podTemplate(Map.of())));
        task.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "workspace", WORKSPACE_NAME)));
        task.put("taskSpec", Map.of("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "mountPath", AGENT_DIR)),
                "steps", tektonSteps));
        tasks.add(task);
        return name;
    }

    private void stagePost(Stage s) {
        if (!s.post().isEmpty()) {
            report.add(Report.Kind.REFUSED, s.post().get(0).at(), "post", "post on a stage of stages or parallel branches is"
                    + " not translated (on a stage with steps it is)");
        }
    }

    private List<String> matrix(Stage s, List<String> after, Placement placement, Map<String, Val> env) {
        Declarative.Matrix m = s.matrix();
        List<Map<String, String>> cells = new ArrayList<>();
        cells.add(new LinkedHashMap<>());
        for (Declarative.Axis axis : m.axes()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> cell : cells) {
                for (String v : axis.values()) {
                    Map<String, String> c = new LinkedHashMap<>(cell);
                    c.put(axis.name(), v);
                    next.add(c);
                }
            }
            cells = next;
        }
        cells.removeIf(cell -> m.excludes().stream().anyMatch(ex -> ex.stream().allMatch(a ->
                a.values().contains(cell.get(a.name())) != a.not())));
        List<String> ends = new ArrayList<>();
        for (Map<String, String> cell : cells) {
            Map<String, Val> cellEnv = new LinkedHashMap<>(env);
            cell.forEach((k, v) -> cellEnv.put(k, Val.of(v)));
            String label = String.join(", ", cell.entrySet().stream().map(e -> e.getKey() + " = '" + e.getValue() + "'").toList());
            Stage c = m.cell();
            List<Stage> inner = c.stages() == null ? List.of() : c.stages().stream().map(st -> renamed(st, cell)).toList();
            Stage named = new Stage(s.name() + " - " + label, c.agent(), c.environment(), c.options(), c.tools(), c.input(),
                    c.when(), c.steps(), inner.isEmpty() ? null : inner, null, null, false, c.post(), c.at());
            ends.addAll(stage(named, after, placement, cellEnv));
        }
        return ends;
    }

    private static Stage renamed(Stage st, Map<String, String> cell) {
        String name = st.name();
        for (Map.Entry<String, String> e : cell.entrySet()) {
            name = name.replace("${" + e.getKey() + "}", e.getValue());
        }
        return new Stage(name, st.agent(), st.environment(), st.options(), st.tools(), st.input(), st.when(), st.steps(),
                st.stages() == null ? null : st.stages().stream().map(x -> renamed(x, cell)).toList(),
                st.parallel() == null ? null : st.parallel().stream().map(x -> renamed(x, cell)).toList(), st.matrix(),
                st.failFast(), st.post(), st.at());
    }

    /** Decides {@code when} for this build: true, false, or null when it cannot be (reported). */
    private Boolean when(Declarative.When when, Map<String, Val> env, Scope scope) {
        try {
            for (Condition c : when.conditions()) {
                if (!condition(c, env, scope)) {
                    return false;
                }
            }
            return true;
        } catch (Report.Refused r) {
            report.add(Report.Kind.REFUSED, r.at == null ? when.at() : r.at, "when " + r.construct, r.getMessage());
            return null;
        }
    }

    private boolean condition(Condition c, Map<String, Val> env, Scope scope) {
        Steps evaluator = steps(Set.of(), env, null);
        switch (c.name()) {
            case "not":
                return !condition(c.children().get(0), env, scope);
            case "allOf":
                for (Condition child : c.children()) {
                    if (!condition(child, env, scope)) {
                        return false;
                    }
                }
                return true;
            case "anyOf":
                for (Condition child : c.children()) {
                    if (condition(child, env, scope)) {
                        return true;
                    }
                }
                return false;
            case "branch":
                return compare(c, c.args().single("pattern"), known(env, "BRANCH_NAME"), evaluator, scope, "GLOB");
            case "tag":
                if (c.args().single("pattern") == null) {
                    return known(env, "TAG_NAME") != null;
                }
                return compare(c, c.args().single("pattern"), known(env, "TAG_NAME"), evaluator, scope, "GLOB");
            case "buildingTag":
                return known(env, "TAG_NAME") != null;
            case "changeRequest": {
                if (known(env, "CHANGE_ID") == null) {
                    return false;
                }
                Map<String, String> fields = Map.of("id", "CHANGE_ID", "target", "CHANGE_TARGET", "branch", "CHANGE_BRANCH",
                        "fork", "CHANGE_FORK", "title", "CHANGE_TITLE", "author", "CHANGE_AUTHOR",
                        "authorDisplayName", "CHANGE_AUTHOR_DISPLAY_NAME", "authorEmail", "CHANGE_AUTHOR_EMAIL");
                for (Map.Entry<String, Expr> a : c.args().named().entrySet()) {
                    // ChangeRequestConditional compares each field given, with EQUALS unless told; url is not compared.
                    if (a.getKey().equals("comparator") || a.getKey().equals("url")) {
                        continue;
                    }
                    String variable = fields.get(a.getKey());
                    if (variable == null) {
                        throw Steps.refused(c.at(), "changeRequest", "changeRequest has no parameter " + a.getKey());
                    }
                    if (!compare(c, a.getValue(), known(env, variable), evaluator, scope, "EQUALS")) {
                        return false;
                    }
                }
                return true;
            }
            case "environment": {
                // EnvironmentConditional: an exact match (ignoreCase on request); an unset variable is the empty string.
                String name = Expr.string(c.args().named().get("name"));
                Val actual = env.get(name);
                String value = actual == null ? "" : literal(actual, c);
                String expected = evaluator.text(c.args().named().get("value"), scope).literal();
                if (expected == null) {
                    throw Steps.refused(c.at(), c.name(), "the value must be known when the build starts");
                }
                boolean ignoreCase = c.args().named().get("ignoreCase") instanceof Expr.Literal l && Boolean.TRUE.equals(l.value());
                return ignoreCase ? value.equalsIgnoreCase(expected) : value.equals(expected);
            }
            case "equals": {
                Val expected = evaluator.eval(c.args().named().get("expected"), scope);
                Val actual = evaluator.eval(c.args().named().get("actual"), scope);
                if (!(expected instanceof Val.Known e) || !(actual instanceof Val.Known a)) {
                    throw Steps.refused(c.at(), "equals", "equals of a value only the Pod knows is not translated");
                }
                return java.util.Objects.equals(String.valueOf(e.value()), String.valueOf(a.value()));
            }
            case "expression": {
                if (c.args().closure() == null || c.args().closure().body().isEmpty()) {
                    throw Steps.refused(c.at(), "expression", "expression needs a block");
                }
                List<Stmt> body = c.args().closure().body();
                if (body.size() != 1) {
                    throw Steps.refused(c.at(), "expression", "an expression block of more than one statement is not"
                            + " translated");
                }
                Stmt only = body.get(0);
                Expr value = only instanceof Stmt.Return r ? r.value() : only instanceof Stmt.Evaluate e ? e.expr()
                        : only instanceof Stmt.Call call ? new Expr.Call(null, call.name(), call.args(), call.at()) : null;
                if (value == null) {
                    throw Steps.refused(c.at(), "expression", "this expression is not translated");
                }
                Object decided = evaluator.condition(value, scope);
                if (!(decided instanceof Boolean b)) {
                    throw Steps.refused(c.at(), "expression", "this expression depends on what the Pods do and cannot be"
                            + " decided when the build starts");
                }
                return b;
            }
            default:
                throw Steps.refused(c.at(), c.name(), "when " + c.name() + " needs the build's SCM changes or causes and is"
                        + " not translated");
        }
    }

    private static String known(Map<String, Val> env, String name) {
        Val v = env.get(name);
        return v instanceof Val.Known k && k.value() != null ? String.valueOf(k.value()) : null;
    }

    private static String literal(Val v, Condition c) {
        if (v instanceof Val.Known k) {
            return k.value() == null ? null : String.valueOf(k.value());
        }
        throw Steps.refused(c.at(), c.name(), "a value only the Pod knows cannot decide when");
    }

    /** A when condition's comparison: {@code comparator} EQUALS, GLOB (the default) or REGEXP, as Jenkins' Comparator. */
    private boolean compare(Condition c, Expr pattern, String actual, Steps evaluator, Scope scope, String otherwise) {
        if (actual == null) {
            return false;
        }
        String expected = evaluator.text(pattern, scope).literal();
        if (expected == null) {
            throw Steps.refused(c.at(), c.name(), "the pattern must be known when the build starts");
        }
        // Comparator.get: by name in any case; a name it does not know is the condition's default.
        String named = c.args().named().containsKey("comparator") ? Steps.unitName(c.args().named().get("comparator")) : null;
        String comparator = named != null && Set.of("EQUALS", "GLOB", "REGEXP").contains(named.toUpperCase(java.util.Locale.ROOT))
                ? named.toUpperCase(java.util.Locale.ROOT) : otherwise;
        return switch (comparator) {
            case "EQUALS" -> actual.equals(expected);
            case "REGEXP" -> {
                try {
                    yield actual.matches(expected);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw Steps.refused(c.at(), c.name(), "the REGEXP pattern does not compile (Jenkins fails the build on it): "
                            + e.getDescription());
                }
            }
            // SelectorUtils.matchPath(pattern, actual, false): Ant's patterns, ignoring case.
            default -> Glob.matches(expected.toLowerCase(java.util.Locale.ROOT), actual.toLowerCase(java.util.Locale.ROOT));
        };
    }

    /** Where an agent runs steps. Null when it is refused (reported). */
    private Placement placement(Agent agent, List<Directive> tools, Placement inherited) {
        try {
            Placement p = switch (agent.type()) {
                case "none" -> null;
                case "any", "label", "node" -> {
                    String label = agent.setting("label");
                    String image = label != null && settings.labelImages().containsKey(label) ? settings.labelImages().get(label)
                            : settings.agentImage();
                    if (image == null) {
                        throw Steps.refused(agent.at(), "agent " + agent.type(), "which image runs agent " + agent.type()
                                + (label != null ? " '" + label + "'" : "") + "? Give an agent image (or one for the label)");
                    }
                    if (agent.settings().containsKey("customWorkspace")) {
                        throw Steps.refused(agent.at(), "customWorkspace", "customWorkspace is not translated");
                    }
                    yield new Placement(Map.of("jnlp", container("jnlp", image)), "jnlp", Map.of(), List.of(), agent.at());
                }
                case "docker" -> docker(agent);
                case "kubernetes" -> KubernetesAgent.placement(agent, settings, report, this);
                default -> throw Steps.refused(agent.at(), "agent " + agent.type(), "agent " + agent.type()
                        + " is not translated (it builds an image first: use a kaniko build step, then agent docker)");
            };
            return p == null || tools.isEmpty() ? p : withTools(p, tools);
        } catch (Report.Refused r) {
            report.add(Report.Kind.REFUSED, r.at == null ? agent.at() : r.at, r.construct, r.getMessage());
            return null;
        }
    }

    Placement newPlacement(Map<String, Map<String, Object>> containers, String defaultContainer, Map<String, Object> pod,
            List<Object> volumes, Position at) {
        return new Placement(containers, defaultContainer, pod, volumes, at);
    }

    static Map<String, Object> container(String name, String image) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("image", image);
        return c;
    }

    private Placement docker(Agent agent) {
        String image = agent.setting("image");
        if (image == null) {
            throw Steps.refused(agent.at(), "agent docker", "agent docker needs an image known when the build starts");
        }
        Map<String, Object> c = container("docker", image);
        String args = agent.setting("args");
        if (args != null && !args.isBlank()) {
            String[] words = args.trim().split("\\s+");
            Map<String, Object> security = new LinkedHashMap<>();
            List<Object> containerEnv = new ArrayList<>();
            for (int i = 0; i < words.length; i++) {
                String word = words[i];
                String inline = word.contains("=") && word.startsWith("--") ? word.substring(word.indexOf('=') + 1) : null;
                String option = inline != null ? word.substring(0, word.indexOf('=')) : word;
                if ((option.equals("-u") || option.equals("--user")) && (inline != null || i + 1 < words.length)) {
                    String user = (inline != null ? inline : words[++i]).split(":")[0];
                    if (user.equals("root")) {
                        user = "0";
                    }
                    if (!user.matches("\\d+")) {
                        throw Steps.refused(agent.at(), "agent docker args", "a user by name (" + user + ") is not translated:"
                                + " Kubernetes takes a numeric runAsUser");
                    }
                    security.put("runAsUser", Long.parseLong(user));
                } else if (option.equals("--privileged")) {
                    security.put("privileged", true);
                } else if ((option.equals("-e") || option.equals("--env")) && (inline != null || i + 1 < words.length)) {
                    String pair = inline != null ? inline : words[++i];
                    if (!pair.contains("=")) {
                        throw Steps.refused(agent.at(), "agent docker args", "docker run -e " + pair + " takes the host's"
                                + " value, which a Pod does not have");
                    }
                    containerEnv.add(Map.of("name", pair.substring(0, pair.indexOf('=')), "value",
                            pair.substring(pair.indexOf('=') + 1)));
                } else if (option.equals("--entrypoint") && (inline != null || i + 1 < words.length)) {
                    // Jenkins runs the container with its own command (cat) too; steps replace it here.
                    if (inline == null) {
                        i++;
                    }
                } else {
                    throw Steps.refused(agent.at(), "agent docker args", "docker run option " + option + " is not translated"
                            + " (-u/--user, --privileged, -e/--env and --entrypoint are)");
                }
            }
            if (!security.isEmpty()) {
                c.put("securityContext", security);
            }
            if (!containerEnv.isEmpty()) {
                c.put("env", containerEnv);
            }
        }
        if (Boolean.TRUE.equals(agent.settings().get("alwaysPull") instanceof Expr.Literal l ? l.value() : null)) {
            c.put("imagePullPolicy", "Always");
        }
        for (String unsupported : List.of("registryUrl", "registryCredentialsId", "customWorkspace", "label")) {
            if (agent.settings().containsKey(unsupported)) {
                throw Steps.refused(agent.at(), "agent docker " + unsupported, unsupported + " is not translated");
            }
        }
        return new Placement(Map.of("docker", c), "docker", Map.of(), List.of(), agent.at());
    }

    /** {@code tools}: the default container's image becomes the tool's image from the table. */
    private Placement withTools(Placement p, List<Directive> tools) {
        if (p == null) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Directive t : tools) {
            String name = Expr.string(t.args().single("name"));
            keys.add(t.name() + ":" + name);
            types.add(t.name());
        }
        // One entry per combination, in any order: by type and name (jdk:17+maven:M3), else by type (jdk+maven).
        java.util.Collections.sort(keys);
        java.util.Collections.sort(types);
        String key = String.join("+", keys);
        String image = null;
        for (Map.Entry<String, String> e : settings.toolImages().entrySet()) {
            List<String> parts = new ArrayList<>(List.of(e.getKey().split("\\+")));
            java.util.Collections.sort(parts);
            if (parts.equals(keys)) {
                image = e.getValue();
            } else if (image == null && parts.equals(types)) {
                image = e.getValue();
            }
        }
        if (image == null) {
            report.add(Report.Kind.REFUSED, tools.get(0).at(), "tools", "no image for tools " + key + " (give one in the tool"
                    + " table: " + key + "=IMAGE)");
            return p;
        }
        Map<String, Map<String, Object>> containers = new LinkedHashMap<>(p.containers());
        Map<String, Object> c = new LinkedHashMap<>(containers.get(p.defaultContainer()));
        c.put("image", image);
        containers.put(p.defaultContainer(), c);
        return new Placement(containers, p.defaultContainer(), p.pod(), p.volumes(), p.at());
    }

    /** A stage with steps: one Task. */
    private String leaf(Stage s, List<String> after, Placement placement, Map<String, Val> env) {
        int refusedBefore = report.refused().size();
        try {
            return leafTask(s, after, placement, env);
        } finally {
            outcomes.add(new StageOutcome(s.name(), s.at(), report.refused().size() == refusedBefore, false));
        }
    }

    private String leafTask(Stage s, List<String> after, Placement placement, Map<String, Val> env) {
        String name = taskName(s.name());
        // Matrix cells repeat their stages' names: each keeps its own entry, told apart by its Task.
        stages.put(stages.containsKey(s.name()) ? s.name() + " [" + name + "]" : s.name(), name);
        if (placement == null) {
            if (report.refused().stream().noneMatch(e -> e.construct().startsWith("agent"))) {
                report.add(Report.Kind.REFUSED, s.at(), "stage " + s.name(), "this stage has no agent (agent none above it)");
            }
            return name;
        }
        Set<String> containerNames = new LinkedHashSet<>(placement.containers().keySet());
        Steps.Source source = new Steps.Source(context.repository(), context.commit(), Steps.SOURCE_CONTAINER);
        containerNames.add(Steps.SOURCE_CONTAINER);
        Steps steps = steps(containerNames, env, source);
        Scope scope = Scope.root(placement.defaultContainer());
        steps.translate(s.steps(), scope);
        for (String condition : POST_ORDER) {
            for (Post post : s.post()) {
                if (post.condition().equals(condition) && supportedPost(post, true)) {
                    steps.startSection(condition);
                    int before = steps.segments().size();
                    steps.translate(post.steps(), scope);
                    if (steps.segments().size() == before) {
                        steps.noop(scope);
                    }
                }
            }
        }
        Map<String, Object> taskSpec = new LinkedHashMap<>();
        taskSpec.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "mountPath", AGENT_DIR)));
        List<Map<String, Object>> tektonSteps = new ArrayList<>();
        List<Steps.Segment> segments = steps.segments();
        boolean guarded = !s.post().isEmpty();
        Set<String> used = new LinkedHashSet<>();
        int index = 0;
        for (Steps.Segment seg : segments) {
            index++;
            used.add(seg.container());
            tektonSteps.add(step(name, seg, index, placement, env, guarded, seg.post(), steps.images()));
        }
        if (tektonSteps.isEmpty()) {
            tektonSteps.add(step(name, new Steps.Segment(placement.defaultContainer(), List.of(":"), Set.of()), 1, placement, env,
                    false, null, Map.of()));
        }
        if (guarded) {
            Map<String, Object> result = step(name, new Steps.Segment(placement.defaultContainer(),
                    List.of("if [ -f \"$GB/failed\" ] || [ -f \"$GB/post-failed\" ]; then exit 1; fi"), Set.of()),
                    index + 1, placement, env, false, null, Map.of());
            result.put("name", "result");
            tektonSteps.add(result);
        }
        taskSpec.put("steps", tektonSteps);
        List<Object> sidecars = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> c : placement.containers().entrySet()) {
            if (!used.contains(c.getKey()) && !c.getKey().equals("jnlp") && !c.getKey().equals(placement.defaultContainer())) {
                sidecars.add(c.getValue());
            }
        }
        if (!sidecars.isEmpty()) {
            taskSpec.put("sidecars", sidecars);
        }
        List<Object> volumes = new ArrayList<>(placement.volumes());
        if (!credentials.isEmpty()) {
            volumes.add(Map.of("name", "gitops-bridge-credentials", "secret", Map.of("secretName", settings.credentialsSecret(),
                    "defaultMode", CREDENTIALS_MODE)));
        }
        if (!volumes.isEmpty()) {
            taskSpec.put("volumes", volumes);
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", name);
        task.put("displayName", s.name());
        if (!after.isEmpty()) {
            task.put("runAfter", List.copyOf(after));
        }
        stageOptions(s, task);
        // Jenkins has no limit where none is set; Tekton's 0s is none (the engine's default would be an hour).
        task.putIfAbsent("timeout", "0s");
        if (!s.post().isEmpty() && s.options().stream().anyMatch(o -> o.name().equals("timeout"))) {
            report.add(Report.Kind.DIFFERENCE, s.at(), "options timeout", "the stage's timeout covers its post too (one"
                    + " Task), where Jenkins runs post after the timeout interrupts the steps");
        }
        task.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "workspace", WORKSPACE_NAME)));
        task.put("taskSpec", taskSpec);
        tasks.add(task);
        taskRunSpecs.add(Map.of("pipelineTaskName", name, "podTemplate", podTemplate(placement.pod())));
        return name;
    }

    private boolean supportedPost(Post post, boolean stage) {
        switch (post.condition()) {
            case "aborted":
                report.add(Report.Kind.REFUSED, post.at(), "post aborted", "an aborted run is not told apart from a failed one"
                        + " in the Pods");
                return false;
            case "unstable", "notBuilt":
                report.add(Report.Kind.DIFFERENCE, post.at(), "post " + post.condition(), "never runs in the Pods: nothing"
                        + " there marks a run " + (post.condition().equals("unstable") ? "unstable" : "not built"));
                return false;
            case "changed", "fixed", "regression":
                report.add(Report.Kind.REFUSED, post.at(), "post " + post.condition(), "needs the previous build's result,"
                        + " which the translation does not have");
                return false;
            default:
                return true;
        }
    }

    private void stageOptions(Stage s, Map<String, Object> task) {
        for (Directive o : s.options()) {
            switch (o.name()) {
                case "timeout" -> {
                    String t = timeout(o);
                    if (t != null) {
                        task.put("timeout", t);
                    }
                }
                case "retry" -> {
                    Expr count = o.args().single("count");
                    if (count instanceof Expr.Literal l && l.value() instanceof Number n) {
                        // retry(n) is n attempts in all; Tekton's retries are attempts after the first.
                        task.put("retries", Math.max(0, n.intValue() - 1));
                    } else {
                        report.add(Report.Kind.REFUSED, o.at(), "options retry", "retry needs a number of attempts");
                    }
                }
                default -> {
                    if (!JENKINS_SIDE_OPTIONS.contains(o.name())) {
                        report.add(Report.Kind.REFUSED, o.at(), "options " + o.name(), "stage option " + o.name()
                                + " is not translated");
                    }
                }
            }
        }
    }

    private Map<String, Object> postTask(List<Post> post, Placement placement, Map<String, Val> env) {
        String name = taskName("post");
        Set<String> containerNames = new LinkedHashSet<>(placement.containers().keySet());
        containerNames.add(Steps.SOURCE_CONTAINER);
        Steps steps = steps(containerNames, env, new Steps.Source(context.repository(), context.commit(), Steps.SOURCE_CONTAINER));
        Scope scope = Scope.root(placement.defaultContainer());
        List<Map<String, Object>> tektonSteps = new ArrayList<>();
        int index = 0;
        for (String condition : POST_ORDER) {
            for (Post p : post) {
                if (!p.condition().equals(condition) || !supportedPost(p, false)) {
                    continue;
                }
                int before = steps.segments().size();
                steps.startSection(condition);
                steps.translate(p.steps(), scope);
                if (steps.segments().size() == before) {
                    continue;
                }
                for (Steps.Segment seg : steps.segments().subList(before, steps.segments().size())) {
                    tektonSteps.add(step(name, seg, ++index, placement, env, true, condition, steps.images()));
                }
            }
        }
        if (tektonSteps.isEmpty()) {
            return null;
        }
        Map<String, Object> taskSpec = new LinkedHashMap<>();
        taskSpec.put("params", List.of(Map.of("name", "status", "type", "string")));
        taskSpec.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "mountPath", AGENT_DIR)));
        // A post block that failed fails the build, as in Jenkins, once every condition has had its turn.
        Map<String, Object> result = step(name, new Steps.Segment(placement.defaultContainer(),
                List.of("if [ -f \"$GB/post-failed\" ]; then exit 1; fi"), Set.of()), index + 1, placement, env, false, null,
                Map.of());
        result.put("name", "result");
        tektonSteps.add(result);
        for (Map<String, Object> st : tektonSteps) {
            @SuppressWarnings("unchecked")
            List<Object> e = new ArrayList<>((List<Object>) st.getOrDefault("env", List.of()));
            e.add(Map.of("name", "GB_STATUS", "value", "$(params.status)"));
            st.put("env", e);
        }
        taskSpec.put("steps", tektonSteps);
        if (!credentials.isEmpty()) {
            taskSpec.put("volumes", List.of(Map.of("name", "gitops-bridge-credentials", "secret", Map.of("secretName",
                    settings.credentialsSecret(), "defaultMode", CREDENTIALS_MODE))));
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", name);
        task.put("displayName", "Declarative: Post Actions");
        stages.put("Declarative: Post Actions", name);
        task.put("params", List.of(Map.of("name", "status", "value", "$(tasks.status)")));
        task.put("workspaces", List.of(Map.of("name", WORKSPACE_NAME, "workspace", WORKSPACE_NAME)));
        task.put("taskSpec", taskSpec);
        taskRunSpecs.add(Map.of("pipelineTaskName", name, "podTemplate", podTemplate(placement.pod())));
        return task;
    }

    /**
     * The Pod settings of a Task: the agent's, and unless it sets its own security context, the Jenkins agent's group
     * (1000) as the Pod's fsGroup, so that a non-root agent image may write the workspace claim every Task shares.
     */
    private static Map<String, Object> podTemplate(Map<String, Object> pod) {
        Map<String, Object> template = new LinkedHashMap<>(pod);
        template.putIfAbsent("securityContext", Map.of("fsGroup", 1000));
        return template;
    }

    /** One Tekton step for a segment: the container's image, env and mounts, the Task's env, the script. */
    private Map<String, Object> step(String task, Steps.Segment seg, int index, Placement placement, Map<String, Val> env,
            boolean guarded, String post, Map<String, String> images) {
        Map<String, Object> container = seg.container().equals(Steps.SOURCE_CONTAINER)
                ? container(Steps.SOURCE_CONTAINER, settings.gitImage())
                : placement.containers().containsKey(seg.container()) ? placement.containers().get(seg.container())
                : container(seg.container(), images.get(seg.container()));
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", (seg.post() != null ? "post-" + seg.post() : seg.container().equals(Steps.SOURCE_CONTAINER) ? "checkout"
                : seg.container()) + "-" + index);
        step.put("image", container.get("image"));
        for (String field : List.of("imagePullPolicy", "resources", "securityContext", "volumeMounts", "envFrom")) {
            if (container.containsKey(field)) {
                step.put(field, container.get(field));
            }
        }
        List<Object> stepEnv = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> own = (List<Map<String, Object>>) container.getOrDefault("env", List.of());
        for (Map<String, Object> e : own) {
            names.add(String.valueOf(e.get("name")));
        }
        for (Map.Entry<String, Val> e : env.entrySet()) {
            if (e.getValue() instanceof Val.Known k && k.value() != null) {
                names.remove(e.getKey());
                stepEnv.add(Map.of("name", e.getKey(), "value", String.valueOf(k.value()).replace("$", "$$")));
            }
        }
        for (Map<String, Object> e : own) {
            if (names.contains(String.valueOf(e.get("name")))) {
                stepEnv.add(0, e);
            }
        }
        for (CredentialUse c : credentials.values()) {
            for (Map.Entry<String, String> k : c.keys().entrySet()) {
                if (k.getKey().equals("file") || k.getKey().equals("key")) {
                    continue;
                }
                stepEnv.add(Map.of("name", "GB_" + k.getValue().toUpperCase().replace('-', '_'), "valueFrom",
                        Map.of("secretKeyRef", Map.of("name", settings.credentialsSecret(), "key", k.getValue()))));
            }
        }
        // The credentials' values by the names the Jenkinsfile binds them to (environment { X = credentials() }); values
        // made of the container's own environment (PATH = "/opt/bin:${PATH}") are set by the script instead.
        List<String> exports = new ArrayList<>();
        for (Map.Entry<String, Val> e : env.entrySet()) {
            if (e.getValue() instanceof Val.Runtime r && r.text().parts().stream().anyMatch(part -> part instanceof ShellText.Var v
                    && Steps.AGENT_ENV.contains(v.name()))) {
                exports.add("export " + e.getKey() + "=" + r.text().word());
            } else if (e.getValue() instanceof Val.Runtime r) {
                StringBuilder value = new StringBuilder();
                for (Object part : r.text().parts()) {
                    value.append(part instanceof ShellText.Var v ? "$(" + v.name() + ")" : String.valueOf(part).replace("$", "$$"));
                }
                stepEnv.add(Map.of("name", e.getKey(), "value", value.toString()));
            }
        }
        step.put("env", stepEnv);
        if (!credentials.isEmpty()) {
            List<Object> mounts = new ArrayList<>((List<?>) step.getOrDefault("volumeMounts", List.of()));
            mounts.add(Map.of("name", "gitops-bridge-credentials", "mountPath", CREDENTIALS_DIR, "readOnly", true));
            step.put("volumeMounts", mounts);
        }
        step.put("workingDir", ((Val.Known) env.get("WORKSPACE")).value());
        List<String> script = new ArrayList<>();
        script.add("#!/bin/sh");
        script.add("set -e");
        // Files stay writable by the Pod's group: the next stage may run as another user of it.
        script.add("umask 0002");
        script.add("GB=" + AGENT_DIR + "/.gitops-bridge/" + task + "; GB_RUN=" + AGENT_DIR + "/.gitops-bridge/run");
        if (index == 1) {
            // A new attempt (retries) starts clean: nothing of a failed one's markers or variables.
            script.add("rm -rf \"$GB\"");
        }
        script.add("mkdir -p \"$GB\" \"$GB_RUN\" \"$WORKSPACE\"");
        if (guarded) {
            if (post == null) {
                script.add("[ ! -f \"$GB/failed\" ] || exit 0");
                script.add("trap 'gb_i_st=$?; [ \"$gb_i_st\" -eq 0 ] || echo \"$gb_i_st\" > \"$GB/failed\"' EXIT");
            } else {
                // Jenkins decides each condition on the result so far: the stage's (or, for the pipeline's post,
                // Tekton's $(tasks.status)), failed too by a post block before this one.
                String failed = "{ [ -f \"$GB/failed\" ] || [ -f \"$GB/post-failed\" ] || [ \"${GB_STATUS:-}\" = Failed ]; }";
                script.add(switch (post) {
                    case "success" -> "if " + failed + "; then exit 0; fi";
                    case "failure", "unsuccessful" -> "if ! " + failed + "; then exit 0; fi";
                    default -> ":";
                });
                script.add("trap 'gb_i_st=$?; [ \"$gb_i_st\" -eq 0 ] || echo \"$gb_i_st\" > \"$GB/post-failed\"' EXIT");
            }
            step.put("onError", "continue");
        }
        // The environment made of the container's own (PATH=…:$PATH) first, once, before what earlier steps saved.
        script.addAll(exports);
        script.add("[ ! -f \"$GB_RUN/env\" ] || { set -a; . \"$GB_RUN/env\"; set +a; }");
        script.add("[ ! -f \"$GB_RUN/bindings\" ] || . \"$GB_RUN/bindings\"");
        script.add("[ ! -f \"$GB/vars\" ] || . \"$GB/vars\"");
        for (String h : seg.helpers()) {
            script.add(Steps.helper(h));
        }
        if (credentials.values().stream().anyMatch(c -> c.keys().containsKey("file") || c.keys().containsKey("key"))) {
            script.add("mkdir -p " + CREDENTIAL_FILES + " && chmod 700 " + CREDENTIAL_FILES + " && for gb_i_f in " + CREDENTIALS_DIR
                    + "/*; do [ ! -f \"$gb_i_f\" ] || { cp \"$gb_i_f\" " + CREDENTIAL_FILES + "/ && chmod 600 " + CREDENTIAL_FILES
                    + "/\"${gb_i_f##*/}\"; }; done");
        }
        script.add("cd \"$WORKSPACE\"");
        script.addAll(seg.lines());
        for (String v : seg.assigned()) {
            script.add("printf '%s=%s\\n' " + ShellText.quote(v) + " \"$(gb_q \"$" + v + "\")\" >> \"$GB/vars\"");
        }
        if (!seg.assigned().isEmpty() && !seg.helpers().contains("gb_q")) {
            script.add(script.indexOf("cd \"$WORKSPACE\""), Steps.helper("gb_q"));
        }
        step.put("script", String.join("\n", script) + "\n");
        return step;
    }

    private String taskName(String stage) {
        String base = dnsLabel(stage);
        if (base.length() > 56) {
            base = base.substring(0, 56).replaceAll("-+$", "");
        }
        String name = base;
        for (int i = 2; !taskNames.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** {@code text} as a DNS label: lower case, letters, digits and '-', starting with a letter, at most 63. */
    public static String dnsLabel(String text) {
        String label = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (label.isEmpty()) {
            // Nothing ASCII in it (stage('Сборка')): a hash of the name keeps stages apart.
            label = String.format("%08x", text.hashCode());
        }
        if (!Character.isLetter(label.charAt(0))) {
            label = "stage-" + label;
        }
        return label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
    }
}
