package io.gitopsbridge.jenkinsfile;

/**
 * Ant's path patterns, as Jenkins' {@code when} GLOB comparator matches branch and tag names: {@code *} and {@code ?}
 * within one path segment, {@code **} across segments.
 */
final class Glob {
    private Glob() {}

    /**
     * The pattern as an extended regular expression over a relative path, for {@code grep -E} in a Pod: Ant's rules
     * ({@code **}/ any directories, {@code *} and {@code ?} within a segment, a trailing {@code /} meaning everything
     * below).
     */
    static String toRegex(String pattern) {
        String p = pattern.trim().replace('\\', '/').replaceFirst("^\\./", "");
        if (p.endsWith("/")) {
            p = p + "**";
        }
        StringBuilder b = new StringBuilder();
        String[] segments = p.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals("**")) {
                b.append(last ? ".*" : "([^/]*/)*");
                continue;
            }
            for (char c : seg.toCharArray()) {
                switch (c) {
                    case '*' -> b.append("[^/]*");
                    case '?' -> b.append("[^/]");
                    default -> b.append("\\^$.|+()[]{}".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
                }
            }
            if (!last) {
                b.append('/');
            }
        }
        return b.toString();
    }

    static boolean matches(String pattern, String text) {
        return matchSegments(pattern.split("/", -1), 0, text.split("/", -1), 0);
    }

    private static boolean matchSegments(String[] p, int pi, String[] t, int ti) {
        if (pi == p.length) {
            return ti == t.length;
        }
        if (p[pi].equals("**")) {
            for (int k = ti; k <= t.length; k++) {
                if (matchSegments(p, pi + 1, t, k)) {
                    return true;
                }
            }
            return false;
        }
        return ti < t.length && matchSegment(p[pi], 0, t[ti], 0) && matchSegments(p, pi + 1, t, ti + 1);
    }

    private static boolean matchSegment(String p, int i, String t, int j) {
        if (i == p.length()) {
            return j == t.length();
        }
        char c = p.charAt(i);
        if (c == '*') {
            for (int k = j; k <= t.length(); k++) {
                if (matchSegment(p, i + 1, t, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < t.length() && (c == '?' || c == t.charAt(j)) && matchSegment(p, i + 1, t, j + 1);
    }
}
