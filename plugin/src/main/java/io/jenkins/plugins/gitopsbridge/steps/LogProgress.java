package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.taskrun.LogSink;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Per step, how many log lines of the running attempt the build log has shown, kept in a file in the build's
 * directory: after a Jenkins restart the step follows its Pod again and shows only the lines after those. The build
 * log is flushed before each write and the file is written at most every {@link #EVERY_MILLIS} ms, so a crash can
 * repeat the lines of that last moment, never lose any.
 */
final class LogProgress {
    static final long EVERY_MILLIS = 250;
    /** Not a step name: those are DNS labels. */
    private static final String ATTEMPT = "#attempt";
    private final Path file;
    private final Map<String, Long> lines = new LinkedHashMap<>();
    private int attempt = -1;
    private long written;
    private Runnable flush = () -> {};

    private LogProgress(Path file) {
        this.file = file;
    }

    /** The progress kept in {@code file}, none if there is no such file. */
    static LogProgress in(Path file) {
        LogProgress progress = new LogProgress(file);
        if (Files.isRegularFile(file)) {
            Properties saved = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                saved.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            saved.forEach((k, v) -> {
                if (ATTEMPT.equals(k)) {
                    progress.attempt = Integer.parseInt((String) v);
                } else {
                    progress.lines.put((String) k, Long.parseLong((String) v));
                }
            });
        }
        return progress;
    }

    /** Lines shown per step so far of attempt {@code attemptNumber}; none when the counts are another attempt's. */
    synchronized Map<String, Long> shown(int attemptNumber) {
        return attemptNumber == attempt ? Map.copyOf(lines) : Map.of();
    }

    /**
     * {@code sink}, counting what passes through it; a new attempt starts from zero.
     *
     * @param flush pushes the lines printed so far to the build log, before a count of them is written
     */
    LogSink counting(LogSink sink, Runnable flush) {
        this.flush = flush;
        return new LogSink() {
            @Override
            public void attemptStarted(int number) {
                sink.attemptStarted(number);
                startAttempt(number);
            }

            @Override
            public void stepStarted(String step) {
                sink.stepStarted(step);
                record(step, 0, true);
            }

            @Override
            public void line(String step, String line) {
                sink.line(step, line);
                record(step, 1, false);
            }

            @Override
            public void event(String message) {
                sink.event(message);
            }
        };
    }

    private synchronized void startAttempt(int number) {
        if (number != attempt) {
            attempt = number;
            lines.clear();
            save();
        }
    }

    /** Counts under this object's monitor, and notifies it, so that whoever waits on it sees each count. */
    private synchronized void record(String step, long more, boolean reset) {
        lines.put(step, reset ? 0 : lines.getOrDefault(step, 0L) + more);
        notifyAll();
        long now = System.currentTimeMillis();
        if (reset || now - written >= EVERY_MILLIS) {
            save();
            written = now;
        }
    }

    /** Writes the counts now. */
    synchronized void save() {
        flush.run();
        Properties out = new Properties();
        lines.forEach((k, v) -> out.setProperty(k, Long.toString(v)));
        out.setProperty(ATTEMPT, Integer.toString(attempt));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.store(w, null);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run is over: nothing is left to continue. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover file in the build's directory is harmless: no run will resume from it.
        }
    }
}
