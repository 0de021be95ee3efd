package io.gitopsbridge.tekton;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Tekton variable references the way Tekton's validation does ({@code pkg/substitution}
 * {@code ExtractVariablesFromString}): {@code $(prefix.name)}, {@code $(prefix["name"])}, {@code $(prefix['name'])},
 * each optionally ending in {@code [*]}, anywhere in the text, including inside quotes and shell {@code $( )}.
 */
public final class References {
    private static final Pattern INDEX = Pattern.compile("\\[([0-9])*\\*?]$");

    private References() {}

    /**
     * One reference.
     *
     * @param name what it names: the first dot-separated part after the prefix, or the bracketed text, with any
     *     array index or {@code [*]} removed
     * @param variable the text between the prefix and the closing parenthesis, without the leading dot or brackets
     * @param star whether it ends in {@code [*]}
     * @param text the whole reference, {@code $(…)}
     * @param start where it starts in the text
     * @param dotParts how many dot-separated parts the dotted form has (1 for bracketed)
     */
    public record Ref(String name, String variable, boolean star, String text, int start, int dotParts) {
        /** The name with the object key: {@code obj.key} for {@code $(params.obj.key)}. */
        public String fullName() {
            return INDEX.matcher(variable).replaceFirst("");
        }
    }

    /** References with this prefix, a regex such as {@code params} or {@code context\\.taskRun}. */
    public static List<Ref> find(String text, String prefix) {
        List<Ref> refs = new ArrayList<>();
        if (text == null || !text.contains("$(")) {
            return refs;
        }
        Pattern p = Pattern.compile("\\$\\(" + prefix
                + "(?:\\.(.*?(?:\\[\\*])?)|\\[\"(.*?(?:\\[\\*])?)\"]|\\['(.*?(?:\\[\\*])?)'])\\)");
        Matcher m = p.matcher(text);
        while (m.find()) {
            String variable = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            boolean dotted = m.group(1) != null;
            String trimmed = INDEX.matcher(variable).replaceFirst("");
            String name = dotted ? trimmed.split("\\.", 2)[0] : trimmed;
            int parts = dotted ? trimmed.split("\\.", -1).length : 1;
            refs.add(new Ref(name, variable, variable.endsWith("[*]"), m.group(), m.start(), parts));
        }
        return refs;
    }
}
