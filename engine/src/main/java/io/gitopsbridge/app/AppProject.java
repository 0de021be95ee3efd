package io.gitopsbridge.app;

import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An Argo CD {@code AppProject}: which repositories, destinations and kinds its applications may use, and when they
 * may sync — checked before any write, with Argo CD's rules and messages.
 *
 * @param namespaceResourceWhitelist {@code null} when not set (every namespaced kind allowed); an empty list allows none
 */
public record AppProject(String name, List<String> sourceRepos, List<Destination> destinations,
        List<GroupKind> clusterResourceWhitelist, List<GroupKind> clusterResourceBlacklist,
        List<GroupKind> namespaceResourceWhitelist, List<GroupKind> namespaceResourceBlacklist, List<SyncWindow> syncWindows) {

    /** A group and kind pattern of a resource list ({@code filepath.Match} globs; {@code ""} is the core group). */
    public record GroupKind(String group, String kind) {
        boolean matches(String g, String k) {
            return Glob.matches(kind, k, "/") && Glob.matches(group, g, "/");
        }
    }

    /** What Argo CD creates as {@code default} when it is missing: every repository, destination and kind. */
    public static final AppProject DEFAULT = new AppProject("default", List.of("*"), List.of(new Destination("*", "*", "*")),
            List.of(new GroupKind("*", "*")), List.of(), null, List.of(), List.of());

    /**
     * Argo CD's {@code IsSourcePermitted}: allowed when an entry matches (a {@code !} entry that does not match counts)
     * and no {@code !} entry matches, whatever their order.
     */
    public Optional<String> refuseSource(String repoURL) {
        String repo = io.gitopsbridge.git.Remotes.normalize(repoURL);
        boolean matched = false;
        for (String entry : sourceRepos) {
            boolean negated = entry.startsWith("!");
            String pattern = io.gitopsbridge.git.Remotes.normalize(negated ? entry.substring(1) : entry);
            boolean hit = !negated && pattern.equals("*") || Glob.matches(pattern, repo, "/");
            if (negated && hit) {
                matched = false;
                break;
            }
            matched |= negated || hit;
        }
        return matched ? Optional.empty()
                : Optional.of("application repo " + repoURL + " is not permitted in project '" + name + "'");
    }

    /** Argo CD's {@code isDestinationMatched}: server or name, and namespace, of one entry; no {@code !} entry failing. */
    public Optional<String> refuseDestination(Destination given) {
        // Argo CD matches the resolved cluster, which has both: the in-cluster one is named in-cluster.
        Destination d = given;
        if (IN_CLUSTER.equals(given.server()) && given.name() == null) {
            d = new Destination(given.server(), "in-cluster", given.namespace());
        } else if ("in-cluster".equals(given.name()) && given.server() == null) {
            d = new Destination(IN_CLUSTER, given.name(), given.namespace());
        }
        boolean any = false;
        boolean denied = false;
        for (Destination item : destinations) {
            boolean nameOk = d.name() != null && !d.name().isEmpty() && negatable(item.name(), d.name());
            boolean serverOk = d.server() != null && !d.server().isEmpty() && negatable(item.server(), d.server());
            boolean namespaceOk = negatable(item.namespace(), d.namespace() == null ? "" : d.namespace());
            if ((serverOk || nameOk) && namespaceOk) {
                any = true;
            } else if (!namespaceOk && isNegated(item.namespace()) || !serverOk && isNegated(item.server())
                    || !nameOk && isNegated(item.name())) {
                denied = true;
            }
        }
        return any && !denied ? Optional.empty() : Optional.of("application destination server '"
                + (given.server() != null ? given.server() : given.name()) + "' and namespace '" + (d.namespace() == null ? "" : d.namespace())
                + "' do not match any of the allowed destinations in project '" + name + "'");
    }

    /**
     * Argo CD's {@code IsGroupKindPermitted}: a namespaced kind is allowed unless a whitelist is set and misses it or
     * the blacklist has it; a cluster-scoped kind only when the cluster whitelist has it and the blacklist does not.
     */
    public Optional<String> refuseResource(String group, String kind, boolean namespaced) {
        boolean allowed;
        if (namespaced) {
            allowed = (namespaceResourceWhitelist == null || namespaceResourceWhitelist.stream().anyMatch(g -> g.matches(group, kind)))
                    && namespaceResourceBlacklist.stream().noneMatch(g -> g.matches(group, kind));
        } else {
            allowed = clusterResourceWhitelist.stream().anyMatch(g -> g.matches(group, kind))
                    && clusterResourceBlacklist.stream().noneMatch(g -> g.matches(group, kind));
        }
        return allowed ? Optional.empty() : Optional.of("resource " + group + ":" + kind + " is not permitted in project " + name);
    }

    /**
     * Argo CD's {@code SyncWindows.CanSync}: with no window matching, yes; an open deny window refuses (a manual sync
     * passes only when every open deny window has manualSync); else an open allow window permits; else closed allow
     * windows refuse (a manual sync passes only when all of them have manualSync).
     */
    public boolean canSync(String application, Destination destination, boolean manual, Instant now) {
        List<SyncWindow> matching = syncWindows.stream().filter(w -> w.matches(application, destination)).toList();
        if (matching.isEmpty()) {
            return true;
        }
        List<SyncWindow> openDeny = matching.stream().filter(w -> !w.allow() && w.active(now)).toList();
        if (!openDeny.isEmpty()) {
            return manual && openDeny.stream().allMatch(SyncWindow::manualSync);
        }
        if (matching.stream().anyMatch(w -> w.allow() && w.active(now))) {
            return true;
        }
        List<SyncWindow> closedAllow = matching.stream().filter(SyncWindow::allow).toList();
        return closedAllow.isEmpty() || manual && closedAllow.stream().allMatch(SyncWindow::manualSync);
    }

    private static final String IN_CLUSTER = "https://kubernetes.default.svc";

    private static boolean isNegated(String pattern) {
        return pattern != null && pattern.startsWith("!");
    }

    private static boolean negatable(String pattern, String value) {
        if (pattern == null) {
            return false;
        }
        return pattern.startsWith("!") ? !Glob.matches(pattern.substring(1), value, "") : Glob.matches(pattern, value, "");
    }

    /** An {@code argoproj.io/v1alpha1 AppProject} document; errors name file, field and line. */
    public static AppProject parse(String file, String text) {
        return of(YamlFiles.document(file, text));
    }

    static AppProject of(YamlNode doc) {
        if (!"AppProject".equals(doc.optString("kind").orElse(null))
                || !Application.API_VERSION.equals(doc.optString("apiVersion").orElse(null))) {
            throw doc.error("expected an " + Application.API_VERSION + " AppProject");
        }
        String name = doc.required("metadata").required("name").string();
        YamlNode spec = doc.get("spec");
        if (spec.isNull()) {
            return new AppProject(name, List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of());
        }
        spec.onlyKeys(Set.of("description", "sourceRepos", "destinations", "clusterResourceWhitelist", "clusterResourceBlacklist",
                "namespaceResourceWhitelist", "namespaceResourceBlacklist", "syncWindows", "roles", "orphanedResources",
                "signatureKeys", "sourceNamespaces", "permitOnlyProjectScopedClusters", "destinationServiceAccounts"), "an AppProject spec");
        List<Destination> destinations = new ArrayList<>();
        for (YamlNode d : spec.optList("destinations")) {
            d.onlyKeys(Set.of("server", "name", "namespace"), "a destination");
            destinations.add(new Destination(d.optString("server").orElse(null), d.optString("name").orElse(null),
                    d.optString("namespace").orElse(null)));
        }
        List<SyncWindow> windows = new ArrayList<>();
        for (YamlNode w : spec.optList("syncWindows")) {
            windows.add(window(w));
        }
        return new AppProject(name, spec.strings("sourceRepos"), List.copyOf(destinations), kinds(spec, "clusterResourceWhitelist"),
                kinds(spec, "clusterResourceBlacklist"), spec.get("namespaceResourceWhitelist").isNull() ? null
                        : kinds(spec, "namespaceResourceWhitelist"), kinds(spec, "namespaceResourceBlacklist"), List.copyOf(windows));
    }

    private static List<GroupKind> kinds(YamlNode spec, String field) {
        List<GroupKind> out = new ArrayList<>();
        for (YamlNode k : spec.optList(field)) {
            k.onlyKeys(Set.of("group", "kind", "name"), "a " + field + " entry");
            if (!k.get("name").isNull()) {
                throw k.get("name").error("resource names in " + field + " are not supported; restrict by group and kind");
            }
            out.add(new GroupKind(k.optString("group").orElse(""), k.required("kind").string()));
        }
        return List.copyOf(out);
    }

    private static SyncWindow window(YamlNode w) {
        w.onlyKeys(Set.of("kind", "schedule", "duration", "applications", "namespaces", "clusters", "manualSync", "timeZone",
                "andOperator", "description"), "a sync window");
        String kind = w.required("kind").string();
        if (!kind.equals("allow") && !kind.equals("deny")) {
            throw w.get("kind").error("kind '" + kind + "' mismatch: can only be allow or deny");
        }
        String schedule = w.required("schedule").string();
        Cron cron;
        try {
            cron = Cron.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw w.get("schedule").error("cannot parse schedule '" + schedule + "': " + e.getMessage());
        }
        String text = w.required("duration").string();
        Duration duration;
        try {
            duration = io.gitopsbridge.tekton.GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw w.get("duration").error("cannot parse duration '" + text + "': " + e.getMessage());
        }
        if (w.strings("applications").isEmpty() && w.strings("namespaces").isEmpty() && w.strings("clusters").isEmpty()) {
            throw w.error("window requires one of application, cluster or namespace");
        }
        ZoneId zone = ZoneOffset.UTC;
        if (!w.get("timeZone").isNull()) {
            try {
                zone = ZoneId.of(w.get("timeZone").string());
            } catch (DateTimeException e) {
                throw w.get("timeZone").error("unknown time zone '" + w.get("timeZone").string() + "'");
            }
        }
        return new SyncWindow(kind.equals("allow"), schedule, cron, duration, w.strings("applications"), w.strings("namespaces"),
                w.strings("clusters"), !w.get("manualSync").isNull() && w.get("manualSync").bool(), zone,
                !w.get("andOperator").isNull() && w.get("andOperator").bool());
    }
}
