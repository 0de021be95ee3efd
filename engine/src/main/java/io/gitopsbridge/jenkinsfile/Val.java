package io.gitopsbridge.jenkinsfile;

/** A Groovy value while translating: known now (a string, boolean, number, list or null), or a string only the Pod knows. */
sealed interface Val {
    record Known(Object value) implements Val {}

    /** @param bool a Groovy boolean ({@code fileExists}) held as {@code true}/{@code false}, else a string */
    record Runtime(ShellText text, boolean bool) implements Val {
        Runtime(ShellText text) {
            this(text, false);
        }
    }

    static Val of(Object value) {
        return new Known(value);
    }

    /** The value as Groovy would print it into a string ({@code null} prints as "null", as in a GString). */
    default ShellText text() {
        if (this instanceof Runtime r) {
            return r.text();
        }
        Object v = ((Known) this).value();
        return ShellText.of(String.valueOf(v));
    }

    /** Groovy truth, if known now: null, false, 0, an empty string or list are false. */
    default Boolean truth() {
        if (!(this instanceof Known k)) {
            return null;
        }
        Object v = k.value();
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }
}
