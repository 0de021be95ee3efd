package io.gitopsbridge.writeback;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to a value in a YAML document: keys separated by dots, a key with dots in double quotes, and list items
 * by index or by a field's value: {@code image.tag}, {@code images[name=api].tag}, {@code containers[0].image},
 * {@code ingress.annotations."nginx.ingress.kubernetes.io/rewrite-target"}.
 *
 * @param text the path as written
 * @param segments its parts
 */
public record YamlPath(String text, List<Segment> segments) {
    /** One step of a path. */
    public sealed interface Segment permits Key, Index, Match {}

    /** A mapping key. */
    public record Key(String name) implements Segment {}

    /** A list item by position. */
    public record Index(int index) implements Segment {}

    /** The list item whose {@code field} is {@code value}. */
    public record Match(String field, String value) implements Segment {}

    /**
     * @throws IllegalArgumentException naming the position of the first problem
     */
    public static YamlPath parse(String text) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        int n = text.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty YAML path");
        }
        while (i < n) {
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw problem(text, i, "unclosed quote");
                }
                segments.add(new Key(text.substring(i + 1, close)));
                i = close + 1;
            } else if (text.charAt(i) != '[') {
                int end = i;
                while (end < n && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == i) {
                    throw problem(text, i, "empty key");
                }
                segments.add(new Key(text.substring(i, end)));
                i = end;
            }
            while (i < n && text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw problem(text, i, "unclosed [");
                }
                String inside = text.substring(i + 1, close);
                int eq = inside.indexOf('=');
                if (eq > 0) {
                    segments.add(new Match(inside.substring(0, eq).trim(), unquote(inside.substring(eq + 1).trim())));
                } else if (inside.matches("\\d+")) {
                    segments.add(new Index(Integer.parseInt(inside)));
                } else {
                    throw problem(text, i, "expected [N] or [field=value], not [" + inside + "]");
                }
                i = close + 1;
            }
            if (i < n) {
                if (text.charAt(i) != '.') {
                    throw problem(text, i, "expected '.'");
                }
                i++;
                if (i == n) {
                    throw problem(text, i, "ends with '.'");
                }
            }
        }
        return new YamlPath(text, List.copyOf(segments));
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static IllegalArgumentException problem(String text, int at, String what) {
        return new IllegalArgumentException("YAML path '" + text + "' at character " + (at + 1) + ": " + what);
    }

    @Override
    public String toString() {
        return text;
    }
}
