package io.gitopsbridge.jenkinsfile;

import java.util.List;
import java.util.Map;

/**
 * A Groovy expression of a Jenkinsfile, as far as the translation needs to tell them apart; anything else is
 * {@link Other}, kept with its source text so that a report can quote it.
 */
public sealed interface Expr {
    Position at();

    /** A string, number, boolean or {@code null} literal. */
    record Literal(Object value, Position at) implements Expr {}

    /** A double-quoted string with {@code ${…}} parts: each part a {@link String} or an {@link Expr}. */
    record Interpolated(List<Object> parts, Position at) implements Expr {}

    /** A bare name: {@code any}, {@code env}, a local variable. */
    record Name(String name, Position at) implements Expr {}

    /** {@code target.name}, as {@code env.BRANCH_NAME}. */
    record Property(Expr target, String name, Position at) implements Expr {}

    /** A call: {@code name(args)} on {@code target}, or on nothing (a step, {@code credentials('id')}). */
    record Call(Expr target, String name, Args args, Position at) implements Expr {}

    record Binary(String operator, Expr left, Expr right, Position at) implements Expr {}

    record Not(Expr operand, Position at) implements Expr {}

    record Ternary(Expr condition, Expr then, Expr otherwise, Position at) implements Expr {}

    record ListOf(List<Expr> items, Position at) implements Expr {}

    record MapOf(Map<String, Expr> entries, Position at) implements Expr {}

    record Closure(List<Stmt> body, Position at) implements Expr {}

    /** What the translation does not model: {@code kind} is Groovy's name for it. */
    record Other(String kind, String text, Position at) implements Expr {}

    /** Arguments of a call: positional, named ({@code time: 1}) and a trailing closure. */
    record Args(List<Expr> positional, Map<String, Expr> named, Closure closure) {
        public static final Args NONE = new Args(List.of(), Map.of(), null);

        /** The only positional argument, or the named one {@code name}: {@code sh 'x'} and {@code sh script: 'x'}. */
        public Expr single(String name) {
            if (named.containsKey(name)) {
                return named.get(name);
            }
            return positional.size() == 1 ? positional.get(0) : null;
        }
    }

    /** The literal string this expression is, or null. */
    static String string(Expr e) {
        return e instanceof Literal l && l.value() instanceof String s ? s : null;
    }
}
