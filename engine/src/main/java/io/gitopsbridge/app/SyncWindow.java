package io.gitopsbridge.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One of an AppProject's {@code syncWindows}: from each time {@code schedule} fires, for {@code duration}, syncs of the
 * applications it matches are allowed ({@code allow}) or refused ({@code deny}); {@code manualSync} lets manual syncs
 * through a window that would refuse them.
 *
 * @param applications globs of application names
 * @param namespaces globs of destination namespaces
 * @param clusters globs of destination servers or names; the window applies when any of the three lists matches (each
 *     list given, with {@code andOperator})
 */
public record SyncWindow(boolean allow, String schedule, Cron cron, Duration duration, List<String> applications,
        List<String> namespaces, List<String> clusters, boolean manualSync, ZoneId timeZone, boolean andOperator) {
    /** The most minutes a window is searched back for a start (longer durations are treated as a year). */
    private static final long MAX_MINUTES = 366L * 24 * 60;

    /** Whether it applies to an application of {@code name} syncing to {@code destination}. */
    public boolean matches(String name, Destination destination) {
        Boolean apps = applications.isEmpty() ? null : applications.stream().anyMatch(p -> Glob.matches(p, name, ""));
        Boolean ns = namespaces.isEmpty() ? null : namespaces.stream()
                .anyMatch(p -> Glob.matches(p, destination.namespace() == null ? "" : destination.namespace(), ""));
        Boolean cl = clusters.isEmpty() ? null : clusters.stream().anyMatch(p -> destination.name() != null
                && Glob.matches(p, destination.name(), "") || destination.server() != null && Glob.matches(p, destination.server(), ""));
        if (andOperator) {
            return (apps != null || ns != null || cl != null) && apps != Boolean.FALSE && ns != Boolean.FALSE && cl != Boolean.FALSE;
        }
        return Boolean.TRUE.equals(apps) || Boolean.TRUE.equals(ns) || Boolean.TRUE.equals(cl);
    }

    /**
     * Whether it is open at {@code now}: the schedule fired in a minute after {@code now − duration} and before
     * {@code now}, as Argo CD tests {@code schedule.Next(now − duration).Before(now)}.
     */
    public boolean active(Instant now) {
        ZonedDateTime end = now.atZone(timeZone);
        ZonedDateTime m = now.minus(duration).atZone(timeZone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (long i = 0; m.isBefore(end) && i < MAX_MINUTES; i++, m = m.plusMinutes(1)) {
            if (cron.fires(m)) {
                return true;
            }
        }
        return false;
    }
}
