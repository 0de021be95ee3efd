package io.gitopsbridge.jenkinsfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A Groovy string as the generated shell script knows it: literal text known when translating, and parts only known
 * in the Pod (an {@code sh} step's output, a credential), held in shell variables.
 */
record ShellText(List<Object> parts) {
    /** A part held in shell variable {@code name}. */
    record Var(String name) {}

    ShellText {
        List<Object> merged = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof String before) {
                merged.set(merged.size() - 1, before + s);
            } else if (!(p instanceof String s && s.isEmpty())) {
                merged.add(p);
            }
        }
        parts = List.copyOf(merged);
    }

    static ShellText of(String literal) {
        return new ShellText(List.of(literal));
    }

    static ShellText var(String name) {
        return new ShellText(List.of(new Var(name)));
    }

    /** The text, if every part is known when translating; else null. */
    String literal() {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (!(p instanceof String s)) {
                return null;
            }
            b.append(s);
        }
        return b.toString();
    }

    ShellText plus(ShellText other) {
        List<Object> all = new ArrayList<>(parts);
        all.addAll(other.parts);
        return new ShellText(all);
    }

    /**
     * One shell word that expands to exactly this text: literals in single quotes, variables in double quotes. A
     * literal {@code $(} is split so that Tekton, which substitutes {@code $(…)} in scripts, never sees one.
     */
    String word() {
        if (parts.isEmpty()) {
            return "''";
        }
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                b.append(quote(s));
            } else {
                b.append("\"$").append(((Var) p).name()).append('"');
            }
        }
        return b.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''").replace("$(", "$''(") + "'";
    }
}
