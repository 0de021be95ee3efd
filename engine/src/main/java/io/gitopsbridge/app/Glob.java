package io.gitopsbridge.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Argo CD's glob matching (gobwas/glob, as its {@code util/glob} compiles it): {@code *} matches any run of characters
 * except the separators, {@code **} any run at all, {@code ?} one character other than a separator, {@code [abc]},
 * {@code [a-z]} and {@code [!x]} one of a set, {@code {a,b}} either; {@code \} escapes. A pattern that does not compile
 * matches nothing, as there.
 */
public final class Glob {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();
    private static final Pattern NOTHING = Pattern.compile("(?!)");

    private Glob() {}

    /** Whether {@code text} matches {@code pattern}, with {@code separators} ({@code ""} for none). */
    public static boolean matches(String pattern, String text, String separators) {
        return COMPILED.computeIfAbsent(separators + "\u0000" + pattern, k -> compile(pattern, separators)).matcher(text).matches();
    }

    private static Pattern compile(String glob, String separators) {
        String notSeparator = ".";
        if (!separators.isEmpty()) {
            StringBuilder cls = new StringBuilder("[^");
            for (char c : separators.toCharArray()) {
                cls.append('\\').append(c);
            }
            notSeparator = cls.append(']').toString();
        }
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (++i >= glob.length()) {
                        return NOTHING;
                    }
                    re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        re.append(".*");
                        i++;
                    } else {
                        re.append(notSeparator).append('*');
                    }
                }
                case '?' -> re.append(notSeparator);
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        return NOTHING;
                    }
                    String set = glob.substring(i + 1, end);
                    boolean negated = set.startsWith("!");
                    // Only ! negates, and nothing else in a set is special to gobwas: quote what Java's regex reads.
                    re.append('[').append(negated ? "^" : "").append(set.substring(negated ? 1 : 0).replace("\\", "\\\\")
                            .replace("[", "\\[").replace("^", "\\^").replace("&", "\\&")).append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        return NOTHING;
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            return NOTHING;
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            return NOTHING;
        }
    }
}
