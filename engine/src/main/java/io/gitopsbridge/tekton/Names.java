package io.gitopsbridge.tekton;

import java.util.regex.Pattern;

/** Kubernetes and Tekton name rules. */
public final class Names {
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Tekton's rule for param, result and workspace names. */
    private static final Pattern VARIABLE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.-]*");

    private Names() {}

    /** The problem with a DNS-1123 label, or {@code null}. */
    public static String labelProblem(String what, String name) {
        if (name.length() > 63 || !DNS_1123_LABEL.matcher(name).matches()) {
            return what + " '" + name + "' is not a DNS-1123 label: use at most 63 lowercase letters, digits and"
                    + " '-', starting and ending with a letter or digit";
        }
        return null;
    }

    static String variableProblem(String what, String name) {
        if (!VARIABLE.matcher(name).matches()) {
            return what + " '" + name + "' must start with a letter or '_' and contain only letters, digits, '_',"
                    + " '.' and '-'";
        }
        return null;
    }
}
