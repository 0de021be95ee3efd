package io.gitopsbridge.pod;

import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.References;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tekton variable substitution for one run: {@code $(params…)}, {@code $(context…)}, {@code $(workspaces…)},
 * {@code $(results…)}, {@code $(steps…)}. Unknown {@code $(…)} (such as shell command substitution) stay as they are.
 */
final class Variables {
    private static final Pattern REFERENCE = References.REFERENCE;
    private static final Pattern PARAM = References.PARAM;

    private final Map<String, ParamValue> params;
    private final Map<String, String> plain = new LinkedHashMap<>();

    Variables(Map<String, ParamValue> params) {
        this.params = params;
    }

    /** Defines a non-param variable such as {@code context.taskRun.name}. */
    Variables define(String name, String value) {
        plain.put(name, value);
        return this;
    }

    /**
     * How text is substituted.
     *
     * <p>{@code kubernetesEscape}: the result goes into a field Kubernetes expands ({@code command}, {@code args},
     * {@code env[].value}), so inserted values have {@code $} doubled to arrive as written.
     */
    String substitute(String text, boolean kubernetesEscape) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = valueOf(m.group(1).trim());
            String replacement = value == null ? m.group() : kubernetesEscape ? escape(value) : value;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Substitutes a shell script. Params (the only values a caller controls) become references to environment
     * variables, so no value is ever parsed as shell code; {@code envOut} receives the variables to define.
     */
    String substituteShell(String script, Map<String, String> envOut) {
        Map<String, String> envOf = new LinkedHashMap<>();
        Matcher m = REFERENCE.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1).trim();
            String replacement;
            if (isParam(expr)) {
                String value = valueOf(expr);
                if (value == null) {
                    replacement = m.group();
                } else {
                    String env = envOf.computeIfAbsent(expr, e -> envName(e, envOut));
                    envOut.put(env, value);
                    replacement = "${" + env + "}";
                }
            } else {
                String value = valueOf(expr);
                replacement = value == null ? m.group() : value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Substitutes a list of arguments; an argument that is exactly {@code $(params.x[*])} expands to the array's
     * elements, as Tekton does.
     */
    List<String> substituteArgs(List<String> args, boolean kubernetesEscape) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            Matcher whole = REFERENCE.matcher(arg);
            if (whole.matches()) {
                Matcher p = PARAM.matcher(whole.group(1).trim());
                if (p.matches() && "*".equals(p.group(3)) && param(p) instanceof ParamValue.Array array) {
                    array.values().forEach(v -> out.add(kubernetesEscape ? escape(v) : v));
                    continue;
                }
            }
            out.add(substitute(arg, kubernetesEscape));
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("$", "$$");
    }

    private boolean isParam(String expr) {
        return expr.startsWith("params.") || expr.startsWith("params[");
    }

    private String valueOf(String expr) {
        if (isParam(expr)) {
            Matcher p = PARAM.matcher(expr);
            if (!p.matches()) {
                return null;
            }
            ParamValue v = param(p);
            String index = p.group(3);
            if (v instanceof ParamValue.Text t && index == null) {
                return t.value();
            }
            if (v instanceof ParamValue.Array a) {
                if (index == null || index.equals("*")) {
                    return String.join(" ", a.values());
                }
                int i = Integer.parseInt(index);
                if (i >= a.values().size()) {
                    throw new IllegalArgumentException("'$(" + expr + ")' is out of range: the array has "
                            + a.values().size() + " elements");
                }
                return a.values().get(i);
            }
            if (v instanceof ParamValue.Object o) {
                String name = name(p);
                String key = name.contains(".") && !params.containsKey(name) ? name.substring(name.indexOf('.') + 1) : null;
                return key == null ? null : o.values().get(key);
            }
            return null;
        }
        return plain.get(expr);
    }

    private ParamValue param(Matcher p) {
        String name = name(p);
        if (params.containsKey(name)) {
            return params.get(name);
        }
        return name.contains(".") ? params.get(name.substring(0, name.indexOf('.'))) : null;
    }

    private static String name(Matcher p) {
        return p.group(1) != null ? p.group(1) : p.group(2);
    }

    private static String envName(String expr, Map<String, String> taken) {
        String base = "PARAM_" + expr.replaceFirst("^params", "").replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_+|_+$", "").toUpperCase(java.util.Locale.ROOT);
        String name = base;
        for (int i = 2; taken.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
