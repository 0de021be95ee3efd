package io.gitopsbridge.jenkinsfile;

import io.gitopsbridge.taskrun.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Takes the files translated {@code junit} and {@code archiveArtifacts} steps send back out of a run's log (a tar,
 * base64, between markers) and hands them on, so that the build log shows neither; everything else goes to
 * {@code delegate}. The files of a step whose output grows past {@code limit} bytes are dropped with a message.
 */
public final class FileCollector implements LogSink {
    /**
     * The files one step sent: the step ({@code junit} or {@code archiveArtifacts}), its id in the translation
     * ({@link Translator.Collected#id()}), the Task it ran in, and each file's path relative to the step's directory
     * with its bytes.
     */
    public record Files(String step, int id, String task, Map<String, byte[]> files) {}

    private final LogSink delegate;
    private final Consumer<Files> onFiles;
    private final long limit;
    private final Map<String, Open> open = new HashMap<>();

    private static final class Open {
        final String step;
        final int id;
        final StringBuilder base64 = new StringBuilder();
        boolean tooLarge;

        Open(String step, int id) {
            this.step = step;
            this.id = id;
        }
    }

    public FileCollector(LogSink delegate, Consumer<Files> onFiles, long limit) {
        this.delegate = delegate;
        this.onFiles = onFiles;
        this.limit = limit;
    }

    @Override
    public void stepStarted(String step) {
        delegate.stepStarted(step);
    }

    @Override
    public void line(String step, String line) {
        Open o = open.get(step);
        if (o != null) {
            if (line.equals(Steps.FILES_END)) {
                open.remove(step);
                String task = step.contains("/") ? step.substring(0, step.indexOf('/')) : step;
                if (o.tooLarge) {
                    delegate.event("The files of " + o.step + " in " + task + " are larger than " + limit / (1 << 20)
                            + " MB and were not kept");
                } else {
                    onFiles.accept(new Files(o.step, o.id, task, untar(Base64.getMimeDecoder().decode(o.base64.toString()))));
                }
            } else if (!o.tooLarge) {
                o.base64.append(line.trim());
                o.tooLarge = o.base64.length() / 4L * 3 > limit;
                if (o.tooLarge) {
                    o.base64.setLength(0);
                }
            }
            return;
        }
        if (line.startsWith(Steps.FILES_BEGIN) && line.endsWith("::")) {
            String[] header = line.substring(Steps.FILES_BEGIN.length(), line.length() - 2).split(" ");
            if (header.length == 2 && header[1].matches("[0-9]{1,9}")) {
                open.put(step, new Open(header[0], Integer.parseInt(header[1])));
                return;
            }
        }
        delegate.line(step, line);
    }

    @Override
    public void event(String message) {
        delegate.event(message);
    }

    @Override
    public void attemptStarted(int attempt) {
        open.clear();
        delegate.attemptStarted(attempt);
    }

    /**
     * The regular files of a tar (POSIX ustar, with GNU long names and pax {@code path} records, as GNU and busybox tar
     * write them), by path; a hard link is the file it links to.
     */
    static Map<String, byte[]> untar(byte[] tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String longName = null;
        int at = 0;
        while (at + 512 <= tar.length) {
            if (isZero(tar, at)) {
                break;
            }
            String name = field(tar, at, 100);
            long size = Long.parseLong(field(tar, at + 124, 12).trim().isEmpty() ? "0" : field(tar, at + 124, 12).trim(), 8);
            char type = (char) tar[at + 156];
            String prefix = field(tar, at + 345, 155);
            int data = at + 512;
            if (data + size > tar.length) {
                throw new IllegalArgumentException("the files' archive is cut short");
            }
            byte[] content = java.util.Arrays.copyOfRange(tar, data, (int) (data + size));
            if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replaceAll("\u0000+$", "");
            } else if (type == 'x') {
                for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
                    int space = record.indexOf(' ');
                    if (space > 0 && record.startsWith("path=", space + 1)) {
                        longName = record.substring(space + 1 + "path=".length());
                    }
                }
            } else {
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (type == '0' || type == '\0' || type == '7') {
                    files.put(path.replaceFirst("^\\./", ""), content);
                } else if (type == '1') {
                    // A second name of a file already in the archive (tar -h writes one where two links meet).
                    byte[] first = files.get(field(tar, at + 157, 100).replaceFirst("^\\./", ""));
                    if (first != null) {
                        files.put(path.replaceFirst("^\\./", ""), first);
                    }
                }
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
        return files;
    }

    private static boolean isZero(byte[] b, int at) {
        for (int i = at; i < at + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] b, int at, int length) {
        int end = at;
        while (end < at + length && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

}
