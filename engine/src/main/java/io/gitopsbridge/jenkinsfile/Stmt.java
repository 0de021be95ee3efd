package io.gitopsbridge.jenkinsfile;

import java.util.List;

/** A Groovy statement of a Jenkinsfile: a call (a directive, a step), a variable, an assignment, an if. */
public sealed interface Stmt {
    Position at();

    /** {@code name args}: a directive ({@code stage('x') {…}}) or a step ({@code sh 'make'}). */
    record Call(String name, Expr.Args args, Position at) implements Stmt {}

    /** {@code def name = value} (or a typed declaration). */
    record Define(String name, Expr value, Position at) implements Stmt {}

    /** {@code target = value}, as {@code env.VERSION = …} or {@code FOO = 'x'} in {@code environment}. */
    record Assign(Expr target, Expr value, Position at) implements Stmt {}

    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Position at) implements Stmt {}

    /** {@code return value} (in an {@code expression {}} condition). */
    record Return(Expr value, Position at) implements Stmt {}

    /** Any other expression used as a statement ({@code obj.method()}). */
    record Evaluate(Expr expr, Position at) implements Stmt {}

    /** What the translation does not model (loops, try/catch, return…): {@code kind} is Groovy's name for it. */
    record Other(String kind, String text, Position at) implements Stmt {}
}
