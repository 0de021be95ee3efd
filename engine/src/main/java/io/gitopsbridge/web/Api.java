package io.gitopsbridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.health.HealthCheck;
import io.gitopsbridge.kube.Metadata;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.ResourceState;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The dashboard's JSON API, the same in every host: paths are relative to where the host mounts it.
 *
 * <pre>
 * GET  applications[?project=&amp;sync=&amp;health=]   the list, filtered, with counts by sync and health status
 * GET  applications/NAME                  one application with its status (Argo CD's shape)
 * GET  applications/NAME/tree             its resources and their live children, with health
 * GET  applications/NAME/diff             each resource compared now, Secret values masked
 * GET  applications/NAME/history          its successful syncs
 * GET  applications/NAME/events           what happened to it
 * POST applications/NAME/sync             {"prune", "dryRun", "resources": [{group, kind, namespace, name}]}
 * POST applications/NAME/refresh[?hard=true]
 * POST applications/NAME/rollback         {"id": N}
 * POST applications/NAME/terminate
 * </pre>
 *
 * An application the caller may not read is answered as one that does not exist. Actions are queued and answered
 * 202 at once (the operation shows in the application's status as it runs), or refused with the reason.
 */
public final class Api {
    /** A request as the host received it: {@code path} relative to the API's root, without a leading slash. */
    public record Request(String method, String path, Map<String, String> query, byte[] body) {}

    /** What to answer. */
    public record Response(int status, String contentType, byte[] body) {
        static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Response error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message == null ? "the request failed" : message);
            return json(status, body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How deep the resource tree follows ownerReferences (Deployment, ReplicaSet, Pod is 3). */
    private static final int TREE_DEPTH = 4;

    private final Backend backend;
    private final Events events;
    private final Consumer<String> log;

    public Api(Backend backend, Events events, Consumer<String> log) {
        this.backend = backend;
        this.events = events;
        this.log = log;
    }

    public Response handle(Request request, Access access) {
        try {
            return route(request, access);
        } catch (Refused e) {
            return Response.error(e.status, e.getMessage());
        } catch (RuntimeException e) {
            log.accept("Dashboard API: " + request.method() + " " + request.path() + " failed: " + e);
            return Response.error(500, "the request failed: " + e.getMessage());
        }
    }

    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Response route(Request request, Access access) {
        List<String> parts = new ArrayList<>();
        for (String p : request.path().split("/", -1)) {
            if (!p.isEmpty()) {
                try {
                    // Percent-decoding only: a "+" in a path is a plus.
                    parts.add(URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new Refused(400, "the path is not well encoded: " + request.path());
                }
            }
        }
        if (parts.isEmpty() || !parts.get(0).equals("applications") || parts.size() > 3) {
            throw new Refused(404, "no such API path: " + request.path());
        }
        if (parts.size() == 1) {
            method(request, "GET");
            return Response.json(200, list(request.query(), access));
        }
        Application app = backend.application(parts.get(1)).filter(access::canRead)
                .orElseThrow(() -> new Refused(404, "application '" + parts.get(1) + "' not found"));
        String what = parts.size() == 3 ? parts.get(2) : "";
        switch (what) {
            case "" -> {
                method(request, "GET");
                Map<String, Object> out = summary(app);
                out.put("status", app.status().toMap());
                return Response.json(200, out);
            }
            case "tree" -> {
                method(request, "GET");
                return Response.json(200, Map.of("nodes", tree(app)));
            }
            case "diff" -> {
                method(request, "GET");
                return Response.json(200, diff(app));
            }
            case "history" -> {
                method(request, "GET");
                return Response.json(200, Map.of("history", history(app)));
            }
            case "events" -> {
                method(request, "GET");
                return Response.json(200, Map.of("events", backend.events(app.name()).stream().map(e -> Map.of(
                        "at", e.at().toString(), "message", e.message())).toList()));
            }
            case "sync", "refresh", "rollback", "terminate" -> {
                method(request, "POST");
                return act(app, what, request, access);
            }
            default -> throw new Refused(404, "no such API path: " + request.path());
        }
    }

    private static void method(Request request, String expected) {
        if (!request.method().equals(expected)) {
            throw new Refused(405, request.method() + " is not allowed here; use " + expected);
        }
    }

    private Map<String, Object> list(Map<String, String> query, Access access) {
        List<Application> visible = backend.applications().stream().filter(access::canRead).toList();
        Map<String, Integer> bySync = new TreeMap<>();
        Map<String, Integer> byHealth = new TreeMap<>();
        Set<String> projects = new java.util.TreeSet<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Application app : visible) {
            projects.add(app.project());
            String sync = app.status().sync().status().text();
            String health = app.status().health().status().text();
            if (matches(query.get("project"), app.project()) && matches(query.get("sync"), sync)
                    && matches(query.get("health"), health)) {
                bySync.merge(sync, 1, Integer::sum);
                byHealth.merge(health, 1, Integer::sum);
                items.add(summary(app));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("counts", Map.of("total", items.size(), "sync", bySync, "health", byHealth));
        out.put("projects", List.copyOf(projects));
        return out;
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.isEmpty() || wanted.equals(value);
    }

    private Map<String, Object> summary(Application app) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", app.name());
        out.put("namespace", app.namespace());
        out.put("project", app.project());
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Source s : app.sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repoURL", s.repoURL());
            m.put("path", s.path());
            m.put("targetRevision", s.targetRevision());
            sources.add(m);
        }
        out.put("sources", sources);
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("server", app.destination().server());
        destination.put("name", app.destination().name());
        destination.put("namespace", app.destination().namespace());
        out.put("destination", destination);
        var automated = app.syncPolicy().automated();
        boolean auto = automated != null && automated.enabled();
        out.put("automated", auto);
        out.put("selfHeal", auto && automated.selfHeal());
        out.put("autoPrune", auto && automated.prune());
        ApplicationStatus status = app.status();
        out.put("sync", status.sync().status().text());
        out.put("revisions", status.sync().revisions());
        out.put("health", status.health().status().text());
        out.put("healthMessage", status.health().message());
        ApplicationStatus.OperationState op = status.operationState();
        Map<String, Object> operation = null;
        if (op != null) {
            operation = new LinkedHashMap<>();
            operation.put("phase", op.phase());
            operation.put("message", op.message());
        }
        out.put("operation", operation);
        out.put("operationRunning", backend.operating(app.name()));
        out.put("reconciledAt", status.reconciledAt() == null ? null : status.reconciledAt().toString());
        return out;
    }

    /** The application's resources (status.resources) with their live children, each with its health. */
    private List<Map<String, Object>> tree(Application app) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ApplicationStatus.ResourceStatus r : app.status().resources()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("group", r.group());
            node.put("version", r.version());
            node.put("kind", r.kind());
            node.put("namespace", r.namespace());
            node.put("name", r.name());
            node.put("status", r.status().text());
            node.put("health", r.health() == null ? null : r.health().status().text());
            node.put("healthMessage", r.health() == null ? null : r.health().message());
            node.put("requiresPruning", r.requiresPruning());
            node.put("hook", r.hook());
            var live = backend.live(app.name(), new ResourceKey(r.group(), r.kind(), r.namespace(), r.name()));
            node.put("children", live.map(o -> children(o, seen, TREE_DEPTH)).orElse(List.of()));
            nodes.add(node);
        }
        return nodes;
    }

    private List<Map<String, Object>> children(Map<String, Object> parent, Set<String> seen, int depth) {
        String uid = Metadata.uid(parent);
        if (uid == null || depth == 0 || !seen.add(uid)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> child : backend.children(uid)) {
            ResourceKey key = ResourceKey.of(child);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("group", key.group());
            node.put("kind", key.kind());
            node.put("namespace", key.namespace());
            node.put("name", key.name());
            HealthCheck.of(child).ifPresent(h -> {
                node.put("health", h.status().text());
                node.put("healthMessage", h.message());
            });
            node.put("children", children(child, seen, depth - 1));
            out.add(node);
        }
        out.sort(java.util.Comparator.comparing((Map<String, Object> n) -> (String) n.get("kind"))
                .thenComparing(n -> (String) n.get("name")));
        return out;
    }

    private Map<String, Object> diff(Application app) {
        Comparison c = backend.compare(app.name());
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceState r : c.resources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", r.key().group());
            m.put("kind", r.key().kind());
            m.put("namespace", r.key().namespace());
            m.put("name", r.key().name());
            m.put("status", r.status().text());
            m.put("health", r.health() == null ? null : r.health().status().text());
            m.put("requiresPruning", r.requiresPruning());
            m.put("message", r.message());
            // ResourceDiff masks Secret values, as Argo CD's diff does.
            m.put("diff", r.diff() == null ? "" : r.diff().unified());
            resources.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sync", c.status().text());
        out.put("revisions", c.revisions());
        out.put("conditions", c.conditions().stream().map(x -> Map.of("type", x.type(), "message", String.valueOf(x.message())))
                .toList());
        out.put("resources", resources);
        return out;
    }

    private static List<Map<String, Object>> history(Application app) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ApplicationStatus.HistoryEntry h : app.status().history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("revisions", h.revisions());
            m.put("deployStartedAt", h.deployStartedAt() == null ? null : h.deployStartedAt().toString());
            m.put("deployedAt", h.deployedAt() == null ? null : h.deployedAt().toString());
            m.put("initiatedBy", Map.of("username", h.username(), "automated", h.automated()));
            out.add(m);
        }
        return out;
    }

    private Response act(Application app, String what, Request request, Access access) {
        Access.Action action = Access.Action.valueOf(what.toUpperCase(java.util.Locale.ROOT));
        if (!access.canAct(app, action)) {
            throw new Refused(403, access.user() + " may not " + what + " application '" + app.name() + "'");
        }
        JsonNode body = body(request);
        String name = app.name();
        switch (action) {
            case REFRESH -> {
                boolean hard = "true".equals(request.query().get("hard"));
                backend.refresh(name, hard);
                events.add(name, (hard ? "Hard refresh" : "Refresh") + " asked by " + access.user());
                return Response.json(202, Map.of("message", (hard ? "hard refresh" : "refresh") + " of " + name + " queued"));
            }
            case TERMINATE -> {
                if (!backend.terminate(name)) {
                    throw new Refused(409, "application '" + name + "' has no operation running");
                }
                events.add(name, "Operation terminate asked by " + access.user());
                return Response.json(202, Map.of("message", "the operation of " + name + " is being terminated"));
            }
            case SYNC -> {
                SyncRequest sync = SyncRequest.DEFAULT.by(access.user()).withPrune(body.path("prune").asBoolean(false))
                        .withDryRun(body.path("dryRun").asBoolean(false));
                if (body.has("resources")) {
                    Set<ResourceKey> keys = new HashSet<>();
                    for (JsonNode r : body.get("resources")) {
                        keys.add(new ResourceKey(r.path("group").asText(""), text(r, "kind"), r.path("namespace").asText(""),
                                text(r, "name")));
                    }
                    sync = sync.only(keys);
                }
                return queued(name, "Sync", backend.sync(name, sync), access);
            }
            case ROLLBACK -> {
                if (!body.path("id").canConvertToLong()) {
                    throw new Refused(400, "rollback needs the history id: {\"id\": N}");
                }
                return queued(name, "Rollback to " + body.get("id").asLong(), backend.rollback(name, body.get("id").asLong(),
                        SyncRequest.DEFAULT.by(access.user())), access);
            }
            default -> throw new IllegalStateException(what);
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.path(field).isTextual() || node.get(field).asText().isEmpty()) {
            throw new Refused(400, "each resource needs its " + field);
        }
        return node.get(field).asText();
    }

    /** A queued operation: refused at once if it was refused at once, else answered 202 and followed in the events. */
    private Response queued(String name, String what, CompletableFuture<SyncResult> done, Access access) {
        if (done.isCompletedExceptionally()) {
            String why = done.handle((r, e) -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                return cause.getMessage() != null ? cause.getMessage() : cause.toString();
            }).join();
            throw new Refused(409, why);
        }
        events.add(name, what + " asked by " + access.user());
        done.whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                events.add(name, what + " ended: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
            } else if (r.dryRun()) {
                events.add(name, "Dry run: " + r.message());
                r.plan().lines().limit(50).forEach(line -> events.add(name, "Dry run: " + line));
            } else {
                events.add(name, what + (r.succeeded() ? " succeeded" : " failed: " + r.message()));
            }
        });
        return Response.json(202, Map.of("message", what.toLowerCase(java.util.Locale.ROOT) + " of " + name + " queued"));
    }

    private static JsonNode body(Request request) {
        if (request.body() == null || request.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new Refused(400, "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Refused(400, "the request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Refused(400, "the request body could not be read: " + e.getMessage());
        }
    }

    /** The mapper the API writes with, which the webhook reads payloads with too. */
    static ObjectMapper json() {
        return JSON;
    }
}
