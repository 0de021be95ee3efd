package io.gitopsbridge.taskrun;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a run printed, as {@code [step] line}, {@code > step} and {@code ! event} entries. */
public final class RecordingSink implements LogSink {
    public final List<String> entries = new CopyOnWriteArrayList<>();

    @Override
    public void stepStarted(String step) {
        entries.add("> " + step);
    }

    @Override
    public void line(String step, String line) {
        entries.add("[" + step + "] " + line);
    }

    @Override
    public void event(String message) {
        entries.add("! " + message);
    }

    public List<String> lines() {
        return entries.stream().filter(e -> !e.startsWith("! ")).toList();
    }
}
