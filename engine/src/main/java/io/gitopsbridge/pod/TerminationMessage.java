package io.gitopsbridge.pod;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The termination message of a Task Pod's results container: each result as {@code r <name> <bytes>} followed by
 * exactly that many bytes and a newline, each continued step's exit code as {@code x <container> <code>}. When the
 * whole would exceed Kubernetes' {@value PodBuilder#TERMINATION_MESSAGE_LIMIT}-byte limit the container writes
 * {@code e too-large <bytes>} and one {@code s <name> <bytes>} per result instead, and fails.
 */
public final class TerminationMessage {
    private TerminationMessage() {}

    /**
     * What a results container reported.
     *
     * @param results result values by name
     * @param exitCodes exit codes of {@code onError: continue} steps, by container name
     * @param tooLarge the size the message would have had, or 0 when it fit
     * @param sizes each result's size, when it did not fit
     */
    public record Parsed(Map<String, String> results, Map<String, Integer> exitCodes, long tooLarge, Map<String, Long> sizes) {}

    /** The POSIX shell script that writes the message (busybox is enough). */
    public static String packScript(String resultsDir, String stepsDir, String terminationLog) {
        int limit = PodBuilder.TERMINATION_MESSAGE_LIMIT;
        return String.join("\n",
                "set -u",
                "msg=" + stepsDir + "/.termination-message",
                ": > \"$msg\"",
                "for f in " + resultsDir + "/*; do",
                "  [ -f \"$f\" ] || continue",
                "  n=$(wc -c < \"$f\"); n=$((n))",
                "  printf 'r %s %s\\n' \"${f##*/}\" \"$n\" >> \"$msg\"",
                "  cat \"$f\" >> \"$msg\"",
                "  printf '\\n' >> \"$msg\"",
                "done",
                "for f in " + stepsDir + "/*/exitCode; do",
                "  [ -f \"$f\" ] || continue",
                "  d=${f%/exitCode}",
                "  printf 'x %s %s\\n' \"${d##*/}\" \"$(cat \"$f\")\" >> \"$msg\"",
                "done",
                "size=$(wc -c < \"$msg\"); size=$((size))",
                "if [ \"$size\" -gt " + limit + " ]; then",
                "  {",
                "    printf 'e too-large %s\\n' \"$size\"",
                "    for f in " + resultsDir + "/*; do",
                "      [ -f \"$f\" ] || continue",
                "      n=$(wc -c < \"$f\"); n=$((n))",
                "      printf 's %s %s\\n' \"${f##*/}\" \"$n\"",
                "    done",
                "  } > " + terminationLog,
                "  exit 1",
                "fi",
                "cat \"$msg\" > " + terminationLog,
                "");
    }

    /**
     * Parses a message written by {@link #packScript}.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static Parsed parse(String message) {
        byte[] bytes = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, Integer> exitCodes = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        long tooLarge = 0;
        int at = 0;
        while (at < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', at);
            if (end < 0) {
                end = bytes.length;
            }
            String line = new String(bytes, at, end - at, StandardCharsets.UTF_8);
            at = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            switch (f[0]) {
                case "r" -> {
                    int length = Integer.parseInt(f[2]);
                    if (at + length > bytes.length) {
                        throw new IllegalArgumentException("result '" + f[1] + "' is cut short");
                    }
                    results.put(f[1], new String(bytes, at, length, StandardCharsets.UTF_8));
                    at += length + 1;
                }
                case "x" -> exitCodes.put(f[1], Integer.parseInt(f[2].trim()));
                case "e" -> tooLarge = Long.parseLong(f[2]);
                case "s" -> sizes.put(f[1], Long.parseLong(f[2]));
                default -> throw new IllegalArgumentException("not a results message: '" + line + "'");
            }
        }
        return new Parsed(results, exitCodes, tooLarge, sizes);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
