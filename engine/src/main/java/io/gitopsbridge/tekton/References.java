package io.gitopsbridge.tekton;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tekton variable references, {@code $(...)}: the one definition of their syntax. */
public final class References {
    /** {@code $(params.x)}, {@code $(params["x"])}, {@code $(params.x[*])}, {@code $(params.obj.key)} … */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\(((?:[^()\"']|\"[^\"]*\"|'[^']*')+)\\)");
    /**
     * A params reference: group 1 the dotted name, group 2 the bracketed name, group 3 {@code *} or an index.
     */
    public static final Pattern PARAM = Pattern.compile(
            "params(?:\\.([A-Za-z_][A-Za-z0-9_.-]*?)|\\[[\"']([^\"']+)[\"']\\])(?:\\[(\\*|\\d+)\\])?");

    private References() {}

    /** One {@code $(...)} found in text. */
    record Ref(String expression, int start, int end) {}

    static List<Ref> find(String text) {
        List<Ref> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            refs.add(new Ref(m.group(1).trim(), m.start(), m.end()));
        }
        return refs;
    }

    /**
     * A parsed {@code params} reference.
     *
     * @param name the param's name (a dotted name is tried whole first by the caller)
     * @param index {@code *}, a number, or {@code null}
     */
    record ParamRef(String name, String index) {}

    static ParamRef param(String expression) {
        Matcher m = PARAM.matcher(expression);
        if (!m.matches()) {
            return null;
        }
        return new ParamRef(m.group(1) != null ? m.group(1) : m.group(2), m.group(3));
    }
}
