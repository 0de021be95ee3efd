package io.gitopsbridge.jenkinsfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NotExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TernaryExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.IfStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.ErrorCollector;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Reads a Jenkinsfile with Groovy's parser up to its syntax tree, as Pipeline's declarative validator does before
 * anything runs, and turns that tree into {@link Stmt}s and {@link Expr}s. Nothing is compiled, resolved or executed.
 */
public final class GroovyReader {
    /** The statements of the script, and what else it declares at the top (methods, classes, {@code @Library}). */
    public record Script(List<Stmt> statements, List<Stmt.Other> declarations) {}

    private final String file;
    private final String[] lines;

    private GroovyReader(String file, String text) {
        this.file = file;
        this.lines = text.split("\n", -1);
    }

    /** @throws JenkinsfileException for a syntax error, at its line and column */
    public static Script read(String file, String text) {
        return new GroovyReader(file, text).script(text);
    }

    private Script script(String text) {
        CompilerConfiguration config = new CompilerConfiguration();
        SourceUnit unit = new SourceUnit(file, text, config, null, new ErrorCollector(config));
        try {
            unit.parse();
            unit.completePhase();
            unit.nextPhase();
            unit.convert();
        } catch (CompilationFailedException e) {
            throw syntaxError(unit.getErrorCollector(), e);
        }
        ModuleNode module = unit.getAST();
        List<Stmt.Other> declarations = new ArrayList<>();
        for (MethodNode method : module.getMethods()) {
            declarations.add(new Stmt.Other("method", "def " + method.getName() + "(…)", at(method)));
        }
        for (ClassNode type : module.getClasses()) {
            if (!type.isScript()) {
                declarations.add(new Stmt.Other("class", "class " + type.getNameWithoutPackage(), at(type)));
            }
        }
        for (var imported : module.getImports()) {
            for (AnnotationNode a : imported.getAnnotations()) {
                declarations.add(new Stmt.Other("@" + a.getClassNode().getNameWithoutPackage(), text(a), at(a)));
            }
        }
        if (module.getPackage() != null) {
            for (AnnotationNode a : module.getPackage().getAnnotations()) {
                declarations.add(new Stmt.Other("@" + a.getClassNode().getNameWithoutPackage(), text(a), at(a)));
            }
        }
        for (var imported : module.getImports()) {
            if (imported.getAnnotations().isEmpty()) {
                declarations.add(new Stmt.Other("import", "import " + imported.getClassName(), at(imported)));
            }
        }
        return new Script(statements(module.getStatementBlock()), List.copyOf(declarations));
    }

    private JenkinsfileException syntaxError(ErrorCollector errors, CompilationFailedException e) {
        for (Message m : errors.getErrors() == null ? List.<Message>of() : errors.getErrors()) {
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException cause = s.getCause();
                return new JenkinsfileException(new Position(file, cause.getStartLine(), cause.getStartColumn()),
                        "not Groovy: " + cause.getOriginalMessage());
            }
        }
        return new JenkinsfileException(new Position(file, 1, 1), "not Groovy: " + e.getMessage());
    }

    private List<Stmt> statements(Statement statement) {
        List<Stmt> out = new ArrayList<>();
        if (statement instanceof BlockStatement block) {
            for (Statement s : block.getStatements()) {
                out.addAll(statements(s));
            }
        } else if (statement instanceof EmptyStatement || statement == null) {
            return out;
        } else {
            out.add(statement(statement));
        }
        return out;
    }

    private Stmt statement(Statement s) {
        Position at = at(s);
        if (s instanceof ExpressionStatement es) {
            Expression e = es.getExpression();
            if (e instanceof DeclarationExpression d && d.getLeftExpression() instanceof VariableExpression v) {
                return new Stmt.Define(v.getName(), expr(d.getRightExpression()), at);
            }
            if (e instanceof BinaryExpression b && b.getOperation().getText().equals("=")) {
                return new Stmt.Assign(expr(b.getLeftExpression()), expr(b.getRightExpression()), at);
            }
            if (e instanceof MethodCallExpression call && call.isImplicitThis()) {
                return new Stmt.Call(call.getMethodAsString(), args(call.getArguments()), at);
            }
            return new Stmt.Evaluate(expr(e), at);
        }
        if (s instanceof org.codehaus.groovy.ast.stmt.ReturnStatement r) {
            return new Stmt.Return(expr(r.getExpression()), at);
        }
        if (s instanceof IfStatement i) {
            return new Stmt.If(expr(i.getBooleanExpression()), statements(i.getIfBlock()), statements(i.getElseBlock()), at);
        }
        String kind = s.getClass().getSimpleName().replace("Statement", "");
        return new Stmt.Other(kind.isEmpty() ? "statement" : kind.substring(0, 1).toLowerCase() + kind.substring(1),
                text(s), at);
    }

    private Expr expr(Expression e) {
        Position at = at(e);
        if (e instanceof BooleanExpression b && !(e instanceof NotExpression)) {
            return expr(b.getExpression());
        }
        if (e instanceof NotExpression n) {
            return new Expr.Not(expr(n.getExpression()), at);
        }
        if (e instanceof ConstantExpression c) {
            return new Expr.Literal(c.getValue(), at);
        }
        if (e instanceof GStringExpression g) {
            List<Object> parts = new ArrayList<>();
            List<ConstantExpression> strings = g.getStrings();
            List<Expression> values = g.getValues();
            for (int i = 0; i < Math.max(strings.size(), values.size()); i++) {
                if (i < strings.size() && !String.valueOf(strings.get(i).getValue()).isEmpty()) {
                    parts.add(String.valueOf(strings.get(i).getValue()));
                }
                if (i < values.size()) {
                    parts.add(expr(values.get(i)));
                }
            }
            return new Expr.Interpolated(List.copyOf(parts), at);
        }
        if (e instanceof VariableExpression v) {
            return new Expr.Name(v.getName(), at);
        }
        if (e instanceof PropertyExpression p && !p.isSafe() && !p.isSpreadSafe()) {
            return new Expr.Property(expr(p.getObjectExpression()), p.getPropertyAsString(), at);
        }
        if (e instanceof MethodCallExpression call && !call.isSafe() && !call.isSpreadSafe() && call.getMethodAsString() != null) {
            return new Expr.Call(call.isImplicitThis() ? null : expr(call.getObjectExpression()), call.getMethodAsString(),
                    args(call.getArguments()), at);
        }
        if (e instanceof BinaryExpression b) {
            return new Expr.Binary(b.getOperation().getText(), expr(b.getLeftExpression()), expr(b.getRightExpression()), at);
        }
        if (e instanceof org.codehaus.groovy.ast.expr.ElvisOperatorExpression elvis) {
            // a ?: b is a when a is true in Groovy's sense, else b.
            Expr value = expr(elvis.getTrueExpression());
            return new Expr.Ternary(value, value, expr(elvis.getFalseExpression()), at);
        }
        if (e instanceof TernaryExpression t && t.getClass() == TernaryExpression.class) {
            return new Expr.Ternary(expr(t.getBooleanExpression()), expr(t.getTrueExpression()), expr(t.getFalseExpression()), at);
        }
        if (e instanceof ListExpression l) {
            return new Expr.ListOf(l.getExpressions().stream().map(this::expr).toList(), at);
        }
        if (e instanceof MapExpression m) {
            Map<String, Expr> entries = new LinkedHashMap<>();
            for (MapEntryExpression entry : m.getMapEntryExpressions()) {
                if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
                    return other(e);
                }
                entries.put(String.valueOf(key.getValue()), expr(entry.getValueExpression()));
            }
            return new Expr.MapOf(entries, at);
        }
        if (e instanceof ClosureExpression c) {
            return closure(c);
        }
        return other(e);
    }

    private Expr.Closure closure(ClosureExpression c) {
        return new Expr.Closure(statements(c.getCode()), at(c));
    }

    private Expr.Other other(Expression e) {
        String kind = e.getClass().getSimpleName().replace("Expression", "");
        return new Expr.Other(kind.isEmpty() ? "expression" : kind.substring(0, 1).toLowerCase() + kind.substring(1), text(e), at(e));
    }

    private Expr.Args args(Expression arguments) {
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> named = new LinkedHashMap<>();
        Expr.Closure closure = null;
        List<Expression> all = arguments instanceof TupleExpression t ? t.getExpressions() : List.of(arguments);
        for (int i = 0; i < all.size(); i++) {
            Expression a = all.get(i);
            if (a instanceof MapExpression m && (!(arguments instanceof ArgumentListExpression) || a.getClass() != MapExpression.class)) {
                // Named arguments: `timeout(time: 1, unit: 'HOURS')`; a map literal in brackets stays positional.
                for (MapEntryExpression entry : m.getMapEntryExpressions()) {
                    named.put(entry.getKeyExpression().getText(), expr(entry.getValueExpression()));
                }
            } else if (a instanceof ClosureExpression c && i == all.size() - 1) {
                closure = closure(c);
            } else {
                positional.add(expr(a));
            }
        }
        return new Expr.Args(List.copyOf(positional), java.util.Collections.unmodifiableMap(named), closure);
    }

    private Position at(ASTNode node) {
        return new Position(file, Math.max(1, node.getLineNumber()), Math.max(1, node.getColumnNumber()));
    }

    /** The node's source text, on one line and cut to 80 characters: for reports. */
    private String text(ASTNode node) {
        int first = node.getLineNumber();
        int last = node.getLastLineNumber();
        if (first < 1 || first > lines.length) {
            return node.getText();
        }
        StringBuilder b = new StringBuilder();
        for (int line = first; line <= Math.min(last, lines.length); line++) {
            String l = lines[line - 1];
            int from = line == first ? Math.max(0, node.getColumnNumber() - 1) : 0;
            int to = line == last ? Math.min(l.length(), Math.max(from, node.getLastColumnNumber() - 1)) : l.length();
            b.append(b.length() == 0 ? "" : " ").append(l, Math.min(from, l.length()), to);
        }
        String t = b.toString().replaceAll("\\s+", " ").trim();
        return t.length() > 80 ? t.substring(0, 79) + "…" : t;
    }
}
