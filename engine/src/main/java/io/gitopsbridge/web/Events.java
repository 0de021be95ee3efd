package io.gitopsbridge.web;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What happened to each application, newest last, as the dashboard shows it: the controller's messages about it
 * (syncs, retries, auto-sync decisions) and what people asked. Bounded per application, kept in memory only.
 */
public final class Events {
    /** One message about an application. */
    public record Event(Instant at, String message) {}

    private final int limit;
    private final Map<String, Deque<Event>> byApp = new ConcurrentHashMap<>();

    public Events(int limit) {
        this.limit = limit;
    }

    /** Adds {@code message} to the events of {@code app}. */
    public void add(String app, String message) {
        Deque<Event> events = byApp.computeIfAbsent(app, a -> new ArrayDeque<>());
        synchronized (events) {
            events.addLast(new Event(Instant.now(), message));
            while (events.size() > limit) {
                events.removeFirst();
            }
        }
    }

    public List<Event> of(String app) {
        Deque<Event> events = byApp.get(app);
        if (events == null) {
            return List.of();
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * The controller's log, passed on to {@code next}, with each line of the form {@code app: message} (how the
     * controller writes about one application) also kept as an event of that application when {@code known} has it.
     */
    public Consumer<String> recording(java.util.function.Predicate<String> known, Consumer<String> next) {
        return line -> {
            int colon = line.indexOf(": ");
            if (colon > 0 && known.test(line.substring(0, colon))) {
                add(line.substring(0, colon), line.substring(colon + 2));
            }
            next.accept(line);
        };
    }
}
