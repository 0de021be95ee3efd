package io.gitopsbridge.jenkinsfile;

import io.gitopsbridge.jenkinsfile.Declarative.Agent;
import io.gitopsbridge.jenkinsfile.Declarative.Axis;
import io.gitopsbridge.jenkinsfile.Declarative.Condition;
import io.gitopsbridge.jenkinsfile.Declarative.Directive;
import io.gitopsbridge.jenkinsfile.Declarative.EnvVar;
import io.gitopsbridge.jenkinsfile.Declarative.Matrix;
import io.gitopsbridge.jenkinsfile.Declarative.Pipeline;
import io.gitopsbridge.jenkinsfile.Declarative.Post;
import io.gitopsbridge.jenkinsfile.Declarative.Stage;
import io.gitopsbridge.jenkinsfile.Declarative.When;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code pipeline {}} block of a Jenkinsfile into {@link Declarative}, refusing what Pipeline's declarative
 * validator refuses (a missing agent or stages, an unknown section, a stage with two kinds of body) with the
 * file, line and column; what is declarative but not translatable is left for the translation to report.
 */
public final class DeclarativeReader {
    static final Set<String> POST_CONDITIONS = Set.of("always", "changed", "fixed", "regression", "aborted", "failure",
            "success", "unstable", "unsuccessful", "notBuilt", "cleanup");
    static final Set<String> WHEN_CONDITIONS = Set.of("branch", "buildingTag", "changelog", "changeset", "changeRequest",
            "environment", "equals", "expression", "tag", "not", "allOf", "anyOf", "triggeredBy", "isRestartedRun");
    private static final Set<String> AGENT_TYPES = Set.of("any", "none", "label", "node", "docker", "dockerfile", "kubernetes");

    private DeclarativeReader() {}

    /** @throws JenkinsfileException where the file is not Groovy, or not a declarative Pipeline */
    public static Declarative.Jenkinsfile read(String file, String text) {
        GroovyReader.Script script = GroovyReader.read(file, text);
        Pipeline pipeline = null;
        List<Stmt> outside = new ArrayList<>();
        for (Stmt s : script.statements()) {
            if (s instanceof Stmt.Call c && c.name().equals("pipeline") && c.args().closure() != null) {
                if (pipeline != null) {
                    throw new JenkinsfileException(c.at(), "a second pipeline {} block: only one is allowed");
                }
                pipeline = pipeline(c);
            } else {
                outside.add(s);
            }
        }
        if (pipeline == null) {
            throw new JenkinsfileException(new Position(file, 1, 1),
                    "no pipeline {} block: not a declarative Pipeline (scripted Pipelines are not translated)");
        }
        return new Declarative.Jenkinsfile(pipeline, List.copyOf(outside), script.declarations());
    }

    private static Pipeline pipeline(Stmt.Call block) {
        Agent agent = null;
        List<EnvVar> environment = List.of();
        List<Directive> options = List.of();
        List<Directive> parameters = List.of();
        List<Directive> tools = List.of();
        List<Directive> triggers = List.of();
        List<Directive> libraries = List.of();
        List<Stage> stages = null;
        List<Post> post = List.of();
        Set<String> seen = new java.util.HashSet<>();
        for (Stmt s : block.args().closure().body()) {
            Stmt.Call c = call(s, "a section of pipeline");
            if (!seen.add(c.name())) {
                throw new JenkinsfileException(c.at(), "Multiple occurrences of the " + c.name() + " section");
            }
            switch (c.name()) {
                case "agent" -> agent = agent(c);
                case "environment" -> environment = environment(c);
                case "options" -> options = directives(c);
                case "parameters" -> parameters = directives(c);
                case "tools" -> tools = directives(c);
                case "triggers" -> triggers = directives(c);
                case "libraries" -> libraries = directives(c);
                case "stages" -> stages = stages(c);
                case "post" -> post = post(c);
                default -> throw new JenkinsfileException(c.at(), "Undefined section \"" + c.name() + "\"");
            }
        }
        if (agent == null) {
            throw new JenkinsfileException(block.at(), "Missing required section \"agent\"");
        }
        if (stages == null) {
            throw new JenkinsfileException(block.at(), "Missing required section \"stages\"");
        }
        return new Pipeline(agent, environment, options, parameters, tools, triggers, libraries, stages, post, block.at());
    }

    private static Stmt.Call call(Stmt s, String what) {
        if (s instanceof Stmt.Call c) {
            return c;
        }
        if (s instanceof Stmt.Evaluate e && e.expr() instanceof Expr.Call c && c.target() instanceof Expr.Call) {
            // `agent { … } steps { … }` on one line: Groovy reads a call on the result of the first.
            throw new JenkinsfileException(s.at(), "expected " + what + ", not a chained call: put each section on a line"
                    + " of its own (or separate them with ';')");
        }
        String text = s instanceof Stmt.Other o ? o.text() : s instanceof Stmt.Evaluate e ? e.expr().getClass().getSimpleName()
                : s.getClass().getSimpleName();
        throw new JenkinsfileException(s.at(), "expected " + what + ", not Groovy code (" + text + ")");
    }

    private static List<Stmt> body(Stmt.Call c) {
        if (c.args().closure() == null) {
            throw new JenkinsfileException(c.at(), c.name() + " needs a block { … }");
        }
        return c.args().closure().body();
    }

    static Agent agent(Stmt.Call c) {
        Expr.Args a = c.args();
        if (a.closure() == null) {
            if (a.positional().size() == 1 && a.positional().get(0) instanceof Expr.Name n
                    && (n.name().equals("any") || n.name().equals("none"))) {
                return new Agent(n.name(), Map.of(), c.at());
            }
            if (a.named().size() == 1 && a.positional().isEmpty()) {
                // The old form: agent label: 'x', agent docker: 'image'.
                Map.Entry<String, Expr> e = a.named().entrySet().iterator().next();
                String type = e.getKey();
                checkType(type, c.at());
                return new Agent(type, Map.of(type.equals("docker") ? "image" : "label", e.getValue()), c.at());
            }
            throw new JenkinsfileException(c.at(), "Invalid agent type: expected any, none or a block { … }");
        }
        List<Stmt> body = a.closure().body();
        if (body.size() != 1) {
            throw new JenkinsfileException(c.at(), body.isEmpty() ? "No agent type specified. Must be one of "
                    + AGENT_TYPES : "Only one agent type is allowed per agent section");
        }
        Stmt.Call type = call(body.get(0), "an agent type");
        checkType(type.name(), type.at());
        Map<String, Expr> settings = new LinkedHashMap<>();
        Expr.Args t = type.args();
        if (t.closure() != null) {
            settings.putAll(settings(t.closure().body()));
        } else if (t.positional().size() == 1) {
            // docker 'maven:3', label 'linux', dockerfile true
            settings.put(switch (type.name()) {
                case "docker" -> "image";
                case "dockerfile" -> "enabled";
                default -> "label";
            }, t.positional().get(0));
        }
        settings.putAll(t.named());
        return new Agent(type.name(), java.util.Collections.unmodifiableMap(settings), type.at());
    }

    private static void checkType(String type, Position at) {
        if (!AGENT_TYPES.contains(type)) {
            throw new JenkinsfileException(at, "Invalid agent type \"" + type + "\" specified. Must be one of " + AGENT_TYPES);
        }
    }

    /**
     * The settings of a block of calls ({@code image 'x'; args '-v a:b'}): each name with its one argument, a nested
     * block as a map, named arguments as a map; a name repeated ({@code containerTemplate} twice) as a list.
     */
    private static Map<String, Expr> settings(List<Stmt> body) {
        Map<String, Expr> out = new LinkedHashMap<>();
        for (Stmt s : body) {
            Stmt.Call c = call(s, "a setting");
            Expr value;
            if (c.args().closure() != null) {
                value = new Expr.MapOf(settings(c.args().closure().body()), c.at());
            } else if (!c.args().named().isEmpty()) {
                value = new Expr.MapOf(c.args().named(), c.at());
            } else if (c.args().positional().size() == 1) {
                value = c.args().positional().get(0);
            } else {
                value = new Expr.ListOf(c.args().positional(), c.at());
            }
            Expr before = out.get(c.name());
            if (before == null) {
                out.put(c.name(), value);
            } else {
                List<Expr> items = new ArrayList<>(before instanceof Expr.ListOf l && !(value instanceof Expr.ListOf) ? l.items()
                        : List.of(before));
                items.add(value);
                out.put(c.name(), new Expr.ListOf(List.copyOf(items), before.at()));
            }
        }
        return out;
    }

    private static List<EnvVar> environment(Stmt.Call c) {
        List<EnvVar> out = new ArrayList<>();
        for (Stmt s : body(c)) {
            if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Name n) {
                out.add(new EnvVar(n.name(), a.value(), a.at()));
            } else {
                throw new JenkinsfileException(s.at(), "environment entries are NAME = value");
            }
        }
        return List.copyOf(out);
    }

    private static List<Directive> directives(Stmt.Call c) {
        List<Directive> out = new ArrayList<>();
        for (Stmt s : body(c)) {
            Stmt.Call d = call(s, "an entry of " + c.name());
            out.add(new Directive(d.name(), d.args(), d.at()));
        }
        return List.copyOf(out);
    }

    private static List<Stage> stages(Stmt.Call c) {
        List<Stage> out = new ArrayList<>();
        for (Stmt s : body(c)) {
            Stmt.Call st = call(s, "a stage");
            if (!st.name().equals("stage")) {
                throw new JenkinsfileException(st.at(), "Expected a stage, not \"" + st.name() + "\"");
            }
            out.add(stage(st, false));
        }
        if (out.isEmpty()) {
            throw new JenkinsfileException(c.at(), "No stages specified");
        }
        return List.copyOf(out);
    }

    private static Stage stage(Stmt.Call c, boolean cell) {
        String name = "";
        if (!cell) {
            Expr n = c.args().single("name");
            name = stageName(n, c.at());
        }
        Agent agent = null;
        List<EnvVar> environment = List.of();
        List<Directive> options = List.of();
        List<Directive> tools = List.of();
        Directive input = null;
        When when = null;
        List<Stmt> steps = null;
        List<Stage> stages = null;
        List<Stage> parallel = null;
        Matrix matrix = null;
        boolean failFast = false;
        List<Post> post = List.of();
        int bodies = 0;
        for (Stmt s : body(c)) {
            Stmt.Call d = call(s, "a stage section");
            switch (d.name()) {
                case "agent" -> agent = agent(d);
                case "environment" -> environment = environment(d);
                case "options" -> options = directives(d);
                case "tools" -> tools = directives(d);
                case "input" -> input = new Directive("input", d.args(), d.at());
                case "when" -> when = when(d);
                case "post" -> post = post(d);
                case "failFast" -> failFast = Boolean.TRUE.equals(d.args().positional().isEmpty() ? null
                        : d.args().positional().get(0) instanceof Expr.Literal l ? l.value() : null);
                case "steps" -> {
                    steps = body(d);
                    bodies++;
                }
                case "stages" -> {
                    stages = stages(d);
                    bodies++;
                }
                case "parallel" -> {
                    parallel = stages(d);
                    bodies++;
                }
                case "matrix" -> {
                    if (cell) {
                        throw new JenkinsfileException(d.at(), "a matrix cannot contain a matrix");
                    }
                    matrix = matrix(d);
                    bodies++;
                }
                default -> throw new JenkinsfileException(d.at(), "Unknown stage section \"" + d.name()
                        + "\". Starting with version 0.5, steps in a stage must be in a ‘steps’ block.");
            }
        }
        String what = cell ? "the matrix" : "stage \"" + name + "\"";
        if (bodies == 0) {
            throw new JenkinsfileException(c.at(), "Nothing to execute within " + what);
        }
        if (bodies > 1) {
            throw new JenkinsfileException(c.at(), "Only one of \"matrix\", \"parallel\", \"stages\", or \"steps\" allowed for "
                    + what);
        }
        return new Stage(name, agent, environment, options, tools, input, when, steps, stages, parallel, matrix, failFast,
                post, c.at());
    }

    /** A stage's name: a string, or (in a matrix) a string with {@code ${AXIS}} parts, kept as written. */
    private static String stageName(Expr n, Position at) {
        if (Expr.string(n) != null) {
            return Expr.string(n);
        }
        if (n instanceof Expr.Interpolated i) {
            StringBuilder b = new StringBuilder();
            for (Object part : i.parts()) {
                if (part instanceof String s) {
                    b.append(s);
                } else if (part instanceof Expr.Name v) {
                    b.append("${").append(v.name()).append('}');
                } else {
                    throw new JenkinsfileException(at, "a stage name may interpolate only a variable");
                }
            }
            return b.toString();
        }
        throw new JenkinsfileException(at, "a stage needs a name: stage('…') { … }");
    }

    private static When when(Stmt.Call c) {
        List<Condition> conditions = new ArrayList<>();
        boolean beforeAgent = false;
        boolean beforeInput = false;
        boolean beforeOptions = false;
        for (Stmt s : body(c)) {
            Stmt.Call d = call(s, "a when condition");
            boolean flag = !d.args().positional().isEmpty() && d.args().positional().get(0) instanceof Expr.Literal l
                    && Boolean.TRUE.equals(l.value());
            switch (d.name()) {
                case "beforeAgent" -> beforeAgent = flag;
                case "beforeInput" -> beforeInput = flag;
                case "beforeOptions" -> beforeOptions = flag;
                default -> conditions.add(condition(d));
            }
        }
        if (conditions.isEmpty()) {
            throw new JenkinsfileException(c.at(), "Empty when closure");
        }
        return new When(List.copyOf(conditions), beforeAgent, beforeInput, beforeOptions, c.at());
    }

    private static Condition condition(Stmt.Call d) {
        if (!WHEN_CONDITIONS.contains(d.name())) {
            throw new JenkinsfileException(d.at(), "Unknown conditional " + d.name() + ". Valid conditionals are: "
                    + new java.util.TreeSet<>(WHEN_CONDITIONS));
        }
        List<Condition> children = new ArrayList<>();
        if (Set.of("not", "allOf", "anyOf").contains(d.name())) {
            for (Stmt s : body(d)) {
                children.add(condition(call(s, "a when condition")));
            }
            if (d.name().equals("not") && children.size() != 1) {
                throw new JenkinsfileException(d.at(), "not takes exactly one condition");
            }
        }
        return new Condition(d.name(), d.args(), List.copyOf(children), d.at());
    }

    private static List<Post> post(Stmt.Call c) {
        List<Post> out = new ArrayList<>();
        for (Stmt s : body(c)) {
            Stmt.Call d = call(s, "a post condition");
            if (!POST_CONDITIONS.contains(d.name())) {
                throw new JenkinsfileException(d.at(), "The 'post' section can only contain build condition names with code"
                        + " blocks. Valid condition names are " + new java.util.TreeSet<>(POST_CONDITIONS));
            }
            out.add(new Post(d.name(), body(d), d.at()));
        }
        return List.copyOf(out);
    }

    private static Matrix matrix(Stmt.Call c) {
        List<Axis> axes = List.of();
        List<List<Axis>> excludes = new ArrayList<>();
        List<Stmt> rest = new ArrayList<>();
        for (Stmt s : body(c)) {
            Stmt.Call d = call(s, "a matrix section");
            switch (d.name()) {
                case "axes" -> axes = axes(body(d), false);
                case "excludes" -> {
                    for (Stmt e : body(d)) {
                        Stmt.Call exclude = call(e, "an exclude");
                        if (!exclude.name().equals("exclude")) {
                            throw new JenkinsfileException(exclude.at(), "Expected an exclude, not \"" + exclude.name() + "\"");
                        }
                        excludes.add(axes(body(exclude), true));
                    }
                }
                default -> rest.add(s);
            }
        }
        if (axes.isEmpty()) {
            throw new JenkinsfileException(c.at(), "Missing required section \"axes\"");
        }
        Stage cell = stage(new Stmt.Call("matrix", new Expr.Args(List.of(), Map.of(), new Expr.Closure(List.copyOf(rest), c.at())),
                c.at()), true);
        return new Matrix(axes, List.copyOf(excludes), cell, c.at());
    }

    private static List<Axis> axes(List<Stmt> body, boolean inExclude) {
        List<Axis> out = new ArrayList<>();
        for (Stmt s : body) {
            Stmt.Call axis = call(s, "an axis");
            if (!axis.name().equals("axis")) {
                throw new JenkinsfileException(axis.at(), "Expected an axis, not \"" + axis.name() + "\"");
            }
            String name = null;
            List<String> values = null;
            boolean not = false;
            for (Stmt a : body(axis)) {
                Stmt.Call d = call(a, "name or values");
                switch (d.name()) {
                    case "name" -> name = Expr.string(d.args().single("name"));
                    case "values", "notValues" -> {
                        if (d.name().equals("notValues") && !inExclude) {
                            throw new JenkinsfileException(d.at(), "notValues is only allowed in an exclude");
                        }
                        not = d.name().equals("notValues");
                        values = new ArrayList<>();
                        for (Expr v : d.args().positional()) {
                            String text = Expr.string(v);
                            if (text == null) {
                                throw new JenkinsfileException(v.at(), "axis values must be strings");
                            }
                            values.add(text);
                        }
                    }
                    default -> throw new JenkinsfileException(d.at(), "an axis has a name and values, not \"" + d.name() + "\"");
                }
            }
            if (name == null || values == null || values.isEmpty()) {
                throw new JenkinsfileException(axis.at(), "an axis needs a name and at least one value");
            }
            out.add(new Axis(name, List.copyOf(values), not, axis.at()));
        }
        return List.copyOf(out);
    }
}
