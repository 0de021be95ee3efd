package io.gitopsbridge.tekton;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Go writes them ({@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 0}), as Tekton uses. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private GoDuration() {}

    /** @throws IllegalArgumentException naming the text when it is not a Go duration */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 10m or 1h30m");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Formats as Go would, for messages: {@code 1h30m0s}, {@code 45s}. */
    public static String format(Duration d) {
        long seconds = d.toSeconds();
        if (seconds == 0 && !d.isZero()) {
            return d.toMillis() + "ms";
        }
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + s + "s";
    }
}
