package io.jenkins.plugins.gitopsbridge.steps;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.sync.Targets;
import io.jenkins.plugins.gitopsbridge.security.AllowedNamespaces;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code gitopsSync} does, without Jenkins: render, sync (one at a time per application), keep the status in a
 * file per application, wait for health, and build the map the step returns.
 */
final class SyncStepRun {
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private SyncStepRun() {}

    /** The step's options. */
    /** @param by the build that asks ({@code folder/job#12}), recorded as the operation's and history's initiator */
    record Options(String revision, boolean prune, boolean dryRun, boolean allowEmpty, boolean waitForHealthy, Duration timeout,
            String by) {
        Options by(String build) {
            return new Options(revision, prune, dryRun, allowEmpty, waitForHealthy, timeout, build);
        }

        /** The sync request these options ask for. */
        SyncRequest request() {
            SyncRequest r = SyncRequest.DEFAULT.withPrune(prune).withAllowEmpty(allowEmpty ? true : null).withTimeout(timeout);
            return by == null ? r : r.by(by);
        }
    }

    /**
     * Where a job may sync to.
     *
     * @param cluster the cluster's name, for messages
     * @param namespaces the namespaces objects may be placed in; empty for any
     * @param owner the job syncing an Application from its workspace, which then owns the name; {@code null} for a
     *     configured application
     */
    record Scope(String cluster, java.util.Set<String> namespaces, String owner) {
        static final Scope ANY = new Scope("", java.util.Set.of(), null);
    }

    static Map<String, Object> run(Application declared, KubernetesClient client, GitSources sources, Path statusDir, Options o,
            PrintStream log) throws Exception {
        return run(declared, client, sources, statusDir, o, Scope.ANY, log, EngineSettings.DEFAULTS);
    }

    static Map<String, Object> run(Application declared, KubernetesClient client, GitSources sources, Path statusDir, Options o,
            Scope scope, PrintStream log) throws Exception {
        return run(declared, client, sources, statusDir, o, scope, log, EngineSettings.DEFAULTS);
    }

    static Map<String, Object> run(Application declared, KubernetesClient client, GitSources sources, Path statusDir, Options o,
            Scope scope, PrintStream log, EngineSettings settings) throws Exception {
        Application app = o.revision() == null ? declared : declared.atRevision(o.revision());
        Path statusFile = statusDir.resolve(app.name() + ".yaml").normalize();
        if (!statusDir.normalize().equals(statusFile.getParent())) {
            throw new IllegalArgumentException("Application name '" + app.name() + "' cannot name a status file");
        }
        synchronized (LOCKS.computeIfAbsent(app.name(), k -> new Object())) {
            claim(statusDir, app.name(), scope.owner(), o.dryRun());
            app = app.withStatus(StatusFile.read(statusFile));
            Instant start = Instant.now();
            Target target = Targets.fromGit(app, sources, o.timeout());
            if (!target.failed()) {
                log.println(StepRun.PREFIX + "Rendered " + app.name() + " at " + String.join(", ", target.revisions()) + ": "
                        + target.manifests().size() + " objects");
                AllowedNamespaces.check(app, target, scope.cluster(), scope.namespaces(), new ClientResources(client));
            }
            SyncEngine engine = new SyncEngine(new ClientResources(client), settings);
            SyncRequest request = o.request().withDryRun(o.dryRun());
            SyncResult r = engine.sync(app, target, request.remainingAfter(start), line -> log.println(StepRun.PREFIX + line));
            if (o.dryRun()) {
                log.print(r.plan().lines().map(l -> StepRun.PREFIX + l + "\n").reduce("", String::concat));
            }
            log.println(StepRun.PREFIX + r.message());
            ApplicationStatus status = r.status();
            if (!o.dryRun()) {
                StatusFile.write(statusFile, status);
            }
            if (!r.succeeded()) {
                throw new StepFailedException("gitopsSync " + app.name() + ": " + r.message());
            }
            if (o.waitForHealthy() && !o.dryRun()) {
                Duration left = o.timeout().minus(Duration.between(start, Instant.now()));
                Comparison c = engine.awaitHealthy(app.withStatus(status), target, left.isNegative() ? Duration.ZERO : left,
                        line -> log.println(StepRun.PREFIX + line));
                status = c.toStatus(status, Instant.now());
                StatusFile.write(statusFile, status);
                if (c.health().status() != HealthStatus.HEALTHY) {
                    throw notHealthy("gitopsSync " + app.name(), o.timeout(), status);
                }
            }
            return result(app.name(), r, status);
        }
    }

    /**
     * Objects are tracked by application name, so the first job to sync a workspace Application of a name owns it:
     * another job's Application of that name could otherwise prune the first one's objects.
     */
    private static void claim(Path statusDir, String name, String owner, boolean dryRun) throws java.io.IOException {
        if (owner == null) {
            return;
        }
        Path file = statusDir.resolve(name + ".owner");
        if (java.nio.file.Files.exists(file)) {
            String holder = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!holder.equals(owner)) {
                throw new IllegalArgumentException("Application '" + name + "' belongs to job '" + holder + "', which synced"
                        + " it first; give this job's Application another name (an administrator can hand the name over by"
                        + " deleting " + file + ")");
            }
        } else if (!dryRun) {
            java.nio.file.Files.createDirectories(statusDir);
            java.nio.file.Files.writeString(file, owner + "\n", java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A sync that succeeded, but whose application did not become Healthy in time. */
    static StepFailedException notHealthy(String what, Duration timeout, ApplicationStatus status) {
        io.gitopsbridge.health.Health health = status.health();
        return new StepFailedException(what + ": synced, but not Healthy within " + timeout.toSeconds() + "s: "
                + health.status().text() + (health.message().isEmpty() ? "" : " (" + health.message() + ")"));
    }

    /** What the step returns: the outcome and the application's status. */
    static Map<String, Object> result(String app, SyncResult r, ApplicationStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("application", app);
        out.put("phase", r.dryRun() ? "DryRun" : "Succeeded");
        out.put("message", r.message());
        out.put("sync", status.sync().status().text());
        out.put("health", status.health().status().text());
        out.put("revisions", List.copyOf(status.sync().revisions()));
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ApplicationStatus.ResourceStatus s : status.resources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", s.kind());
            m.put("namespace", s.namespace());
            m.put("name", s.name());
            m.put("status", s.status().text());
            m.put("health", s.health() == null ? "" : s.health().status().text());
            resources.add(m);
        }
        out.put("resources", resources);
        if (r.dryRun()) {
            out.put("plan", r.plan());
        }
        return out;
    }
}
