package io.gitopsbridge.jenkinsfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a statement sees while translating: Groovy's local variables, the environment its {@code sh} steps get on top of
 * the Task's ({@code withEnv}, credentials, values set at run time), the directory ({@code dir}) and the container
 * ({@code container}) it runs in. A block gets a child: what it defines is gone after it, except the environment a
 * script sets through {@code env.X = …}, which lives in the run.
 */
final class Scope {
    final Map<String, Val> locals;
    /** Exported to each {@code sh} of this scope, on top of the Task's environment. */
    final Map<String, Val> exported;
    final ShellText dir;
    final String container;

    Scope(Map<String, Val> locals, Map<String, Val> exported, ShellText dir, String container) {
        this.locals = locals;
        this.exported = exported;
        this.dir = dir;
        this.container = container;
    }

    static Scope root(String container) {
        return new Scope(new LinkedHashMap<>(), new LinkedHashMap<>(), ShellText.var("WORKSPACE"), container);
    }

    Scope child() {
        return new Scope(new LinkedHashMap<>(locals), new LinkedHashMap<>(exported), dir, container);
    }

    Scope inDir(ShellText path) {
        String literal = path.literal();
        ShellText to = literal != null && literal.startsWith("/") ? path : dir.plus(ShellText.of("/")).plus(path);
        return new Scope(new LinkedHashMap<>(locals), new LinkedHashMap<>(exported), to, container);
    }

    Scope inContainer(String name) {
        return new Scope(new LinkedHashMap<>(locals), new LinkedHashMap<>(exported), dir, name);
    }
}
