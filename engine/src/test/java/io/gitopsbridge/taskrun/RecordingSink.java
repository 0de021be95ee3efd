package io.gitopsbridge.taskrun;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/** Keeps what a run printed, as {@code [step] line}, {@code > step} and {@code ! event} entries. */
public final class RecordingSink implements LogSink {
    public final List<String> entries = new CopyOnWriteArrayList<>();

    @Override
    public void stepStarted(String step) {
        add("> " + step);
    }

    @Override
    public void line(String step, String line) {
        add("[" + step + "] " + line);
    }

    @Override
    public void event(String message) {
        add("! " + message);
    }

    private synchronized void add(String entry) {
        entries.add(entry);
        notifyAll();
    }

    /** Waits until {@code entry} has been recorded. */
    public synchronized void await(String entry, Duration limit) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!entries.contains(entry)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no '" + entry + "' within " + limit + "; recorded: " + entries);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public List<String> lines() {
        return entries.stream().filter(e -> !e.startsWith("! ")).toList();
    }
}
