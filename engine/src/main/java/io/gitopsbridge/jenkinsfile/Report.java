package io.gitopsbridge.jenkinsfile;

import java.util.ArrayList;
import java.util.List;

/**
 * What a translation says about a Jenkinsfile: constructs it refused (the translation is then not to be run), stages
 * a {@code when} left out for this build, and places where the Task Pods behave differently from a Jenkins agent.
 */
public final class Report {
    public enum Kind {
        /** Not translated; the Pipeline would not do what Jenkins does. */
        REFUSED,
        /** Left out for this build, as Jenkins would skip it. */
        SKIPPED,
        /** Translated, with a difference from Jenkins stated. */
        DIFFERENCE
    }

    /** One entry: where, which construct ({@code sh}, {@code when expression}, {@code post changed}…), and why. */
    public record Entry(Kind kind, Position at, String construct, String reason) {
        @Override
        public String toString() {
            return at + ": " + construct + ": " + reason;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Kind kind, Position at, String construct, String reason) {
        Entry e = new Entry(kind, at, construct, reason);
        if (!entries.contains(e)) {
            entries.add(e);
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<Entry> refused() {
        return entries.stream().filter(e -> e.kind() == Kind.REFUSED).toList();
    }

    public boolean translated() {
        return refused().isEmpty();
    }

    /** The report as lines for a log: refusals first. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Entry e : entries) {
                if (e.kind() == k) {
                    out.add(switch (k) {
                        case REFUSED -> "not translated: ";
                        case SKIPPED -> "skipped: ";
                        case DIFFERENCE -> "differs from Jenkins: ";
                    } + e);
                }
            }
        }
        return out;
    }

    /** A construct that cannot be translated, raised where it is found and caught at the stage that holds it. */
    static final class Refused extends RuntimeException {
        final transient Position at;
        final String construct;

        Refused(Position at, String construct, String reason) {
            super(reason, null, false, false);
            this.at = at;
            this.construct = construct;
        }
    }
}
