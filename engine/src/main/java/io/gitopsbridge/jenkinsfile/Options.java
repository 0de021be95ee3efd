package io.gitopsbridge.jenkinsfile;

import java.util.Locale;

/** Durations as Jenkins' {@code timeout}, {@code sleep} and {@code retry} read them. */
final class Options {
    private Options() {}

    /** {@code time} in {@code unit} (a {@link java.util.concurrent.TimeUnit} name), in seconds, at least 1. */
    static long toSeconds(long time, String unit, Position at) {
        java.util.concurrent.TimeUnit u;
        try {
            u = java.util.concurrent.TimeUnit.valueOf(unit == null ? "" : unit.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Steps.refused(at, "unit", "unit '" + unit + "' is not a time unit (SECONDS, MINUTES, HOURS, DAYS…)");
        }
        // Shorter than a second (a timeout in milliseconds) is a second: Tekton's durations are in seconds here.
        return time <= 0 ? 0 : Math.max(1, u.toSeconds(time));
    }
}
