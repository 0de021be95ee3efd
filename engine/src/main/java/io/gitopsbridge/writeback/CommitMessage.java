package io.gitopsbridge.writeback;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders commit message templates and adds the trailers that trace a deploy back to its build. */
final class CommitMessage {
    static final String TRAILER_BUILD = "GitOps-Bridge-Build";
    static final String TRAILER_SOURCE = "GitOps-Bridge-Source-Commit";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private CommitMessage() {}

    /**
     * @throws IllegalArgumentException naming an unknown variable and the known ones
     */
    static String render(String template, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("message template: no value for ${" + m.group(1) + "}; known: "
                        + String.join(", ", new TreeSet<>(values.keySet())));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String withTrailers(String message, Map<String, String> values) {
        StringBuilder out = new StringBuilder(message.strip()).append("\n");
        StringBuilder trailers = new StringBuilder();
        if (values.containsKey("buildUrl")) {
            trailers.append(TRAILER_BUILD).append(": ").append(values.get("buildUrl")).append("\n");
        }
        if (values.containsKey("sourceCommit")) {
            trailers.append(TRAILER_SOURCE).append(": ").append(values.get("sourceCommit")).append("\n");
        }
        if (trailers.length() > 0) {
            out.append("\n").append(trailers);
        }
        return out.toString();
    }
}
