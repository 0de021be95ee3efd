package io.gitopsbridge.jenkinsfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a statement sees while translating: Groovy's local variables, the environment its {@code sh} steps get on top of
 * the Task's ({@code withEnv}, credentials, values set at run time), the directory ({@code dir}) and the container
 * ({@code container}) it runs in. A block gets a child: a {@code def} inside it is gone after it, while an assignment
 * to a variable of an enclosing block changes that variable, as in Groovy.
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Val> locals = new LinkedHashMap<>();
    /** Exported to each {@code sh} of this scope, on top of the Task's environment. */
    final Map<String, Val> exported;
    final ShellText dir;
    final String container;

    private Scope(Scope parent, Map<String, Val> exported, ShellText dir, String container) {
        this.parent = parent;
        this.exported = exported;
        this.dir = dir;
        this.container = container;
    }

    static Scope root(String container) {
        return new Scope(null, new LinkedHashMap<>(), ShellText.var("WORKSPACE"), container);
    }

    Scope child() {
        return new Scope(this, new LinkedHashMap<>(exported), dir, container);
    }

    Scope inDir(ShellText path) {
        String literal = path.literal();
        ShellText to = literal != null && literal.startsWith("/") ? path : dir.plus(ShellText.of("/")).plus(path);
        return new Scope(this, new LinkedHashMap<>(exported), to, container);
    }

    Scope inContainer(String name) {
        return new Scope(this, new LinkedHashMap<>(exported), dir, name);
    }

    boolean hasLocal(String name) {
        return owner(name) != null;
    }

    /** The local variable's value, from the innermost block that declares it; null if none does. */
    Val local(String name) {
        Scope s = owner(name);
        return s == null ? null : s.locals.get(name);
    }

    /** {@code def name = value} here. */
    void define(String name, Val value) {
        locals.put(name, value);
    }

    /** {@code name = value}: the variable of the block that declares it. */
    void assign(String name, Val value) {
        owner(name).locals.put(name, value);
    }

    private Scope owner(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.locals.containsKey(name)) {
                return s;
            }
        }
        return null;
    }
}
