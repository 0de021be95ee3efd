package io.gitopsbridge.app;

import io.gitopsbridge.health.Health;
import io.gitopsbridge.health.HealthStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Application's {@code status}, in Argo CD's shape so that tools reading Argo CD status read ours.
 *
 * @param sync whether the live state matches Git, and at which revision(s)
 * @param health the application's health: the worst of its resources
 * @param resources every resource the application renders or tracks, with its own status (the inventory prune
 *     uses to find kinds the application no longer renders)
 * @param conditions problems, such as {@code ComparisonError} when rendering failed
 * @param operationState the last sync operation, or {@code null}
 * @param history the last successful syncs, newest last
 * @param reconciledAt when the state was last compared, or {@code null}
 */
public record ApplicationStatus(Sync sync, Health health, List<ResourceStatus> resources, List<Condition> conditions,
        OperationState operationState, List<HistoryEntry> history, Instant reconciledAt) {

    public static final ApplicationStatus EMPTY = new ApplicationStatus(new Sync(SyncCode.UNKNOWN, List.of()),
            new Health(HealthStatus.UNKNOWN, ""), List.of(), List.of(), null, List.of(), null);

    /** {@code status.sync}. */
    public record Sync(SyncCode status, List<String> revisions) {}

    /** One entry of {@code status.resources}. */
    public record ResourceStatus(String group, String version, String kind, String namespace, String name, SyncCode status,
            Health health, boolean hook, boolean requiresPruning) {}

    /** One entry of {@code status.conditions}. */
    public record Condition(String type, String message) {}

    /**
     * {@code status.operationState}.
     *
     * @param phase Running, Failed, Error or Succeeded
     * @param revisions {@code syncResult.revision(s)}: what was synced
     * @param operation what was asked ({@code operationState.operation}); {@code null} when not recorded
     * @param sources {@code syncResult.source(s)}: the Application's sources as they were when it synced, so a change
     *     of spec is told from a repeat of the same sync
     */
    public record OperationState(String phase, String message, Instant startedAt, Instant finishedAt, List<String> revisions,
            List<ResourceResult> resources, int retryCount, Operation operation, List<Map<String, Object>> sources) {
        public OperationState {
            revisions = List.copyOf(revisions);
            resources = List.copyOf(resources);
            sources = List.copyOf(sources);
        }

        /** Whether it ended well. */
        public boolean succeeded() {
            return phase.equals("Succeeded");
        }

        /** This state with another phase, message and retry count (a failed operation waiting to be tried again). */
        public OperationState retrying(String newPhase, String newMessage, int newRetryCount) {
            return new OperationState(newPhase, newMessage, startedAt, finishedAt, revisions, resources, newRetryCount, operation,
                    sources);
        }
    }

    /**
     * {@code operationState.operation}: who asked for it, and how.
     *
     * @param automated {@code initiatedBy.automated}: started by automated sync or self-heal
     * @param username {@code initiatedBy.username}: the person or job that asked; empty for automated ones
     * @param prune {@code sync.prune}
     * @param selfHealAttempts {@code sync.selfHealAttemptsCount}: how many self-heals in a row this revision had
     * @param resources {@code sync.resources}: a selective sync's resources; empty for all
     */
    public record Operation(boolean automated, String username, boolean prune, int selfHealAttempts, List<ResourceRef> resources) {
        public Operation {
            resources = List.copyOf(resources);
        }
    }

    /** One entry of {@code operation.sync.resources}. */
    public record ResourceRef(String group, String kind, String namespace, String name) {}

    /**
     * One entry of {@code operationState.syncResult.resources}.
     *
     * @param status Synced, SyncFailed, Pruned, PruneSkipped
     * @param hookType PreSync, Sync, PostSync, SyncFail for hooks; {@code null} otherwise
     * @param hookPhase the hook's Running, Succeeded or Failed; {@code null} for other resources
     * @param syncPhase the phase the resource ran in
     */
    public record ResourceResult(String group, String version, String kind, String namespace, String name, String status,
            String message, String hookType, String hookPhase, String syncPhase) {}

    /**
     * One entry of {@code status.history}.
     *
     * @param username {@code initiatedBy.username}: who asked for the sync; empty for automated syncs and unknown ones
     * @param automated {@code initiatedBy.automated}
     */
    public record HistoryEntry(long id, List<String> revisions, Instant deployStartedAt, Instant deployedAt, String username,
            boolean automated) {
        public HistoryEntry(long id, List<String> revisions, Instant deployStartedAt, Instant deployedAt) {
            this(id, revisions, deployStartedAt, deployedAt, "", false);
        }
    }

    /** This status with another last operation. */
    public ApplicationStatus withOperation(OperationState state) {
        return new ApplicationStatus(sync, health, resources, conditions, state, history, reconciledAt);
    }

    /** This status with a history entry added for {@code revisions}, keeping at most {@code limit} entries. */
    public ApplicationStatus withHistory(List<String> revisions, Instant startedAt, Instant finishedAt, int limit,
            String username, boolean automated) {
        List<HistoryEntry> h = new ArrayList<>(history);
        long id = h.isEmpty() ? 0 : h.get(h.size() - 1).id() + 1;
        h.add(new HistoryEntry(id, List.copyOf(revisions), startedAt, finishedAt, username == null ? "" : username, automated));
        while (h.size() > Math.max(1, limit)) {
            h.remove(0);
        }
        return new ApplicationStatus(sync, health, resources, conditions, operationState, List.copyOf(h), reconciledAt);
    }

    /** As Argo CD writes it in an Application's {@code status}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sync", revisions(new LinkedHashMap<>(Map.of("status", sync.status().text())), sync.revisions()));
        out.put("health", health(health));
        List<Object> rs = new ArrayList<>();
        for (ResourceStatus r : resources) {
            Map<String, Object> m = id(r.group(), r.version(), r.kind(), r.namespace(), r.name());
            m.put("status", r.status().text());
            if (r.health() != null) {
                m.put("health", health(r.health()));
            }
            if (r.hook()) {
                m.put("hook", true);
            }
            if (r.requiresPruning()) {
                m.put("requiresPruning", true);
            }
            rs.add(m);
        }
        out.put("resources", rs);
        if (!conditions.isEmpty()) {
            out.put("conditions", conditions.stream().map(c -> Map.of("type", c.type(), "message", c.message())).toList());
        }
        if (operationState != null) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("phase", operationState.phase());
            op.put("message", operationState.message());
            op.put("startedAt", String.valueOf(operationState.startedAt()));
            if (operationState.finishedAt() != null) {
                op.put("finishedAt", operationState.finishedAt().toString());
            }
            if (operationState.retryCount() > 0) {
                op.put("retryCount", operationState.retryCount());
            }
            Map<String, Object> result = revisions(new LinkedHashMap<>(), operationState.revisions());
            List<Object> results = new ArrayList<>();
            for (ResourceResult r : operationState.resources()) {
                Map<String, Object> m = id(r.group(), r.version(), r.kind(), r.namespace(), r.name());
                m.put("status", r.status());
                m.put("message", r.message());
                put(m, "hookType", r.hookType());
                put(m, "hookPhase", r.hookPhase());
                m.put("syncPhase", r.syncPhase());
                results.add(m);
            }
            result.put("resources", results);
            if (operationState.sources().size() == 1) {
                result.put("source", operationState.sources().get(0));
            } else if (!operationState.sources().isEmpty()) {
                result.put("sources", operationState.sources());
            }
            op.put("syncResult", result);
            Operation operation = operationState.operation();
            if (operation != null) {
                Map<String, Object> sync = revisions(new LinkedHashMap<>(), operationState.revisions());
                sync.put("prune", operation.prune());
                if (operation.selfHealAttempts() > 0) {
                    sync.put("selfHealAttemptsCount", operation.selfHealAttempts());
                }
                if (!operation.resources().isEmpty()) {
                    List<Object> refs = new ArrayList<>();
                    for (ResourceRef r : operation.resources()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        put(m, "group", r.group().isEmpty() ? null : r.group());
                        m.put("kind", r.kind());
                        put(m, "namespace", r.namespace().isEmpty() ? null : r.namespace());
                        m.put("name", r.name());
                        refs.add(m);
                    }
                    sync.put("resources", refs);
                }
                op.put("operation", Map.of("sync", sync, "initiatedBy", operation.automated()
                        ? Map.of("automated", true) : Map.of("username", operation.username())));
            }
            out.put("operationState", op);
        }
        List<Object> hs = new ArrayList<>();
        for (HistoryEntry e : history) {
            Map<String, Object> m = revisions(new LinkedHashMap<>(Map.of("id", e.id())), e.revisions());
            m.put("deployStartedAt", e.deployStartedAt().toString());
            m.put("deployedAt", e.deployedAt().toString());
            if (!e.username().isEmpty() || e.automated()) {
                Map<String, Object> by = new LinkedHashMap<>();
                if (!e.username().isEmpty()) {
                    by.put("username", e.username());
                }
                if (e.automated()) {
                    by.put("automated", true);
                }
                m.put("initiatedBy", by);
            }
            hs.add(m);
        }
        if (!hs.isEmpty()) {
            out.put("history", hs);
        }
        if (reconciledAt != null) {
            out.put("reconciledAt", reconciledAt.toString());
        }
        return out;
    }

    /** Reads what {@link #toMap()} (or Argo CD) wrote; unknown or malformed parts are left out. */
    public static ApplicationStatus fromMap(Map<String, Object> status) {
        if (status == null) {
            return EMPTY;
        }
        Map<String, Object> sync = map(status.get("sync"));
        List<ResourceStatus> resources = new ArrayList<>();
        for (Object o : list(status.get("resources"))) {
            Map<String, Object> r = map(o);
            if (r.get("kind") != null && r.get("name") != null) {
                resources.add(new ResourceStatus(str(r.get("group")), str(r.get("version")), str(r.get("kind")),
                        str(r.get("namespace")), str(r.get("name")), SyncCode.fromText(str(r.get("status"))),
                        r.get("health") == null ? null : healthOf(map(r.get("health"))), Boolean.TRUE.equals(r.get("hook")),
                        Boolean.TRUE.equals(r.get("requiresPruning"))));
            }
        }
        List<Condition> conditions = new ArrayList<>();
        for (Object o : list(status.get("conditions"))) {
            Map<String, Object> c = map(o);
            conditions.add(new Condition(str(c.get("type")), str(c.get("message"))));
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (Object o : list(status.get("history"))) {
            Map<String, Object> h = map(o);
            Instant deployed = instant(h.get("deployedAt"));
            if (deployed != null) {
                Instant started = instant(h.get("deployStartedAt"));
                Map<String, Object> by = map(h.get("initiatedBy"));
                history.add(new HistoryEntry(h.get("id") instanceof Number n ? n.longValue() : history.size(), revisionsOf(h),
                        started == null ? deployed : started, deployed, by.get("username") == null ? "" : str(by.get("username")),
                        Boolean.TRUE.equals(by.get("automated"))));
            }
        }
        OperationState op = null;
        Map<String, Object> o = map(status.get("operationState"));
        if (o.get("phase") != null) {
            Map<String, Object> result = map(o.get("syncResult"));
            List<Map<String, Object>> sources = new ArrayList<>();
            if (!map(result.get("source")).isEmpty()) {
                sources.add(map(result.get("source")));
            }
            list(result.get("sources")).forEach(x -> sources.add(map(x)));
            op = new OperationState(str(o.get("phase")), str(o.get("message")), instant(o.get("startedAt")),
                    instant(o.get("finishedAt")), revisionsOf(result), List.of(),
                    o.get("retryCount") instanceof Number n ? n.intValue() : 0, operationOf(map(o.get("operation"))), sources);
        }
        return new ApplicationStatus(new Sync(SyncCode.fromText(str(sync.get("status"))), revisionsOf(sync)),
                healthOf(map(status.get("health"))), List.copyOf(resources), List.copyOf(conditions), op, List.copyOf(history),
                instant(status.get("reconciledAt")));
    }

    private static Operation operationOf(Map<String, Object> operation) {
        if (operation.isEmpty()) {
            return null;
        }
        Map<String, Object> sync = map(operation.get("sync"));
        Map<String, Object> by = map(operation.get("initiatedBy"));
        List<ResourceRef> refs = new ArrayList<>();
        for (Object x : list(sync.get("resources"))) {
            Map<String, Object> r = map(x);
            refs.add(new ResourceRef(str(r.get("group")), str(r.get("kind")), str(r.get("namespace")), str(r.get("name"))));
        }
        return new Operation(Boolean.TRUE.equals(by.get("automated")), str(by.get("username")), Boolean.TRUE.equals(sync.get("prune")),
                sync.get("selfHealAttemptsCount") instanceof Number n ? n.intValue() : 0, refs);
    }

    private static Map<String, Object> id(String group, String version, String kind, String namespace, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "group", group == null || group.isEmpty() ? null : group);
        m.put("version", version);
        m.put("kind", kind);
        put(m, "namespace", namespace == null || namespace.isEmpty() ? null : namespace);
        m.put("name", name);
        return m;
    }

    private static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status().text());
        if (!h.message().isEmpty()) {
            m.put("message", h.message());
        }
        return m;
    }

    private static Map<String, Object> revisions(Map<String, Object> m, List<String> revisions) {
        if (revisions.size() == 1) {
            m.put("revision", revisions.get(0));
        } else if (!revisions.isEmpty()) {
            m.put("revisions", revisions);
        }
        return m;
    }

    private static List<String> revisionsOf(Map<String, Object> m) {
        if (m.get("revision") != null) {
            return List.of(m.get("revision").toString());
        }
        return list(m.get("revisions")).stream().map(String::valueOf).toList();
    }

    private static Health healthOf(Map<String, Object> m) {
        return new Health(HealthStatus.fromText(str(m.get("status"))), m.get("message") == null ? "" : m.get("message").toString());
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static Instant instant(Object o) {
        try {
            return o == null ? null : Instant.parse(o.toString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
