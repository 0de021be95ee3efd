package io.jenkins.plugins.gitopsbridge.steps;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code gitopsSync} and {@code gitopsRollback} of an application the controller service reconciles: through that
 * controller's queue, so two writers never act on one application; the step waits for the outcome and returns what
 * a sync of its own would. Jenkins-free, like {@link SyncStepRun}.
 */
final class ControllerRun {
    /** How long past the step's timeout it waits for the queue: an operation of the controller's may run first. */
    private static final Duration QUEUE_MARGIN = Duration.ofMinutes(1);
    private static final Duration HEALTH_POLL = Duration.ofSeconds(1);

    private ControllerRun() {}

    /**
     * Syncs {@code app} through the controller that reconciles it on {@code cluster}; empty when none does, or for a
     * dry run, which writes nothing and so runs beside the controller: the step then syncs by itself.
     */
    static Optional<Map<String, Object>> sync(ControllerService service, String app, String cluster, SyncStepRun.Options o,
            PrintStream log) throws Exception {
        if (o.dryRun()) {
            return Optional.empty();
        }
        Optional<Controller> controller = service.reconciling(app, cluster);
        if (controller.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(await(service, controller.get(), app, cluster, "gitopsSync", o,
                c -> c.sync(app, request(o), o.revision()), log));
    }

    /** Rolls {@code app} back through the controller that reconciles it on {@code cluster}; empty when none does. */
    static Optional<Map<String, Object>> rollback(ControllerService service, String app, String cluster, long id,
            SyncStepRun.Options o, PrintStream log) throws Exception {
        Optional<Controller> controller = service.reconciling(app, cluster);
        if (controller.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(await(service, controller.get(), app, cluster, "gitopsRollback", o,
                c -> c.rollback(app, id, request(o)), log));
    }

    /**
     * Rolls {@code declared} back by itself, when no controller reconciles it: the same refusals, then a sync of the
     * history entry's revision as {@code gitopsSync revision:} does it.
     */
    static Map<String, Object> rollbackDirectly(Application declared, long id, KubernetesClient client, GitSources sources,
            Path statusDir, SyncStepRun.Options o, SyncStepRun.Scope scope, PrintStream log, EngineSettings settings)
            throws Exception {
        ApplicationStatus status = StatusFile.read(statusDir.resolve(declared.name() + ".yaml"));
        String revision;
        try {
            revision = Controller.rollbackRevision(declared.withStatus(status), id);
        } catch (IllegalStateException | IllegalArgumentException refused) {
            throw new StepFailedException("gitopsRollback " + declared.name() + ": " + refused.getMessage());
        }
        log.println(StepRun.PREFIX + "Rolling " + declared.name() + " back to deployment " + id + " (" + revision + ")");
        SyncStepRun.Options pinned = new SyncStepRun.Options(revision, o.prune(), false, false, o.waitForHealthy(), o.timeout(),
                o.by());
        return SyncStepRun.run(declared, client, sources, statusDir, pinned, scope, log, settings);
    }

    private static SyncRequest request(SyncStepRun.Options o) {
        return o.request();
    }

    private static Map<String, Object> await(ControllerService service, Controller controller, String app, String cluster,
            String step, SyncStepRun.Options o, Function<Controller, CompletableFuture<SyncResult>> ask, PrintStream log)
            throws Exception {
        Instant start = Instant.now();
        log.println(StepRun.PREFIX + step + " " + app + " through the controller of cluster '" + cluster + "'");
        SyncResult r;
        try (AutoCloseable following = service.follow(app, line -> log.println(StepRun.PREFIX + line))) {
            r = ask.apply(controller).get(o.timeout().plus(QUEUE_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException || e.getCause() instanceof IllegalArgumentException) {
                // Refused (auto-sync on, no such deployment), or the controller stopped or let the application go.
                throw new StepFailedException(step + " " + app + ": " + e.getCause().getMessage());
            }
            throw e;
        } catch (TimeoutException e) {
            throw new StepFailedException(step + " " + app + ": the controller did not run the sync within "
                    + o.timeout().plus(QUEUE_MARGIN).toSeconds() + "s");
        }
        log.println(StepRun.PREFIX + r.message());
        if (!r.succeeded()) {
            throw new StepFailedException(step + " " + app + ": " + r.message());
        }
        ApplicationStatus status = current(controller, app, r.status());
        Instant deadline = start.plus(o.timeout());
        while (o.waitForHealthy() && status.health().status() != HealthStatus.HEALTHY) {
            if (!Instant.now().isBefore(deadline)) {
                throw SyncStepRun.notHealthy(step + " " + app, o.timeout(), status);
            }
            // The controller's refresh compares again and records the health; this step only reads it.
            controller.refresh(app);
            Thread.sleep(HEALTH_POLL.toMillis());
            status = current(controller, app, status);
        }
        return SyncStepRun.result(app, r, status);
    }

    private static ApplicationStatus current(Controller controller, String app, ApplicationStatus fallback) {
        return controller.application(app).map(Application::status).orElse(fallback);
    }
}
