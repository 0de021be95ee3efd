package io.gitopsbridge.jenkinsfile;

import java.util.List;
import java.util.Map;

/**
 * The {@code pipeline {}} block of a declarative Jenkinsfile, section by section as Pipeline's syntax reference
 * names them ({@code jenkins.io/doc/book/pipeline/syntax}); values stay {@link Expr}s, since what they mean
 * depends on the build they run in.
 */
public final class Declarative {
    private Declarative() {}

    /** A Jenkinsfile: its pipeline, and the Groovy around it (variables, methods, {@code @Library}), which is not part of it. */
    public record Jenkinsfile(Pipeline pipeline, List<Stmt> outside, List<Stmt.Other> declarations) {}

    public record Pipeline(Agent agent, List<EnvVar> environment, List<Directive> options, List<Directive> parameters,
            List<Directive> tools, List<Directive> triggers, List<Directive> libraries, List<Stage> stages, List<Post> post,
            Position at) {}

    /**
     * {@code agent any | none | label 'x' | { label | node | docker | dockerfile | kubernetes {…} }}: {@code type}
     * and its settings ({@code image}, {@code yaml}, {@code args}…), each an expression.
     */
    public record Agent(String type, Map<String, Expr> settings, Position at) {
        public String setting(String name) {
            return Expr.string(settings.get(name));
        }
    }

    /** {@code NAME = value} in {@code environment}. */
    public record EnvVar(String name, Expr value, Position at) {}

    /** An entry of {@code options}, {@code parameters}, {@code tools}, {@code triggers} or {@code input}. */
    public record Directive(String name, Expr.Args args, Position at) {}

    /**
     * A stage: exactly one of {@code steps}, {@code stages}, {@code parallel} or {@code matrix}, with its own agent,
     * environment, options, tools, input, when and post.
     */
    public record Stage(String name, Agent agent, List<EnvVar> environment, List<Directive> options, List<Directive> tools,
            Directive input, When when, List<Stmt> steps, List<Stage> stages, List<Stage> parallel, Matrix matrix,
            boolean failFast, List<Post> post, Position at) {
        public boolean leaf() {
            return steps != null;
        }
    }

    /** {@code when {…}}: all conditions must hold; evaluated before the agent, input or options when asked. */
    public record When(List<Condition> conditions, boolean beforeAgent, boolean beforeInput, boolean beforeOptions,
            Position at) {}

    /** One condition: {@code branch 'main'}, {@code expression {…}}, {@code allOf {…}} with its children. */
    public record Condition(String name, Expr.Args args, List<Condition> children, Position at) {}

    /** A {@code post} condition ({@code always}, {@code failure}…) and its steps. */
    public record Post(String condition, List<Stmt> steps, Position at) {}

    /** {@code matrix {…}}: axes, excluded combinations, and the stage each cell runs ({@code name} is empty). */
    public record Matrix(List<Axis> axes, List<List<Axis>> excludes, Stage cell, Position at) {}

    /** An axis, or within an exclude an axis's {@code values} or {@code notValues}. */
    public record Axis(String name, List<String> values, boolean not, Position at) {}
}
