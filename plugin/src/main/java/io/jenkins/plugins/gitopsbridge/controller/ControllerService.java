package io.jenkins.plugins.gitopsbridge.controller;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.controller.GitRender;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.web.Backend;
import io.gitopsbridge.web.Backends;
import io.gitopsbridge.web.ControllerBackend;
import io.gitopsbridge.web.Events;
import io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.security.AllowedNamespaces;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continuous reconciliation inside Jenkins: while it is on in the global configuration, one engine {@link Controller}
 * per configured cluster that has an application with automated sync, reconciling every configured application of
 * that cluster. Jenkins starts it once jobs are loaded and stops it on shutdown; each save of the configuration
 * starts, stops or updates the controllers. Statuses live in the status files {@code gitopsSync} uses, so an
 * operation cut short by a restart runs again when the service starts.
 */
public final class ControllerService {
    private static final Logger LOGGER = Logger.getLogger(ControllerService.class.getName());
    private static volatile ControllerService inJenkins;

    /**
     * @param controller refresh interval, workers and self-heal backoff
     * @param engine the sync engine's timing
     * @param renderTimeout how long one render may take before the comparison fails
     * @param revisionCache how long what a Git server said is reused by every application of its repository
     * @param cacheResync how often the cluster cache lists again what it watches
     */
    public record Settings(Controller.Settings controller, EngineSettings engine, Duration renderTimeout,
            Duration revisionCache, Duration cacheResync) {
        /** Argo CD's defaults, with fewer workers: Jenkins shares its JVM with builds. */
        public static final Settings DEFAULTS = new Settings(new Controller.Settings(Duration.ofSeconds(120),
                Duration.ofSeconds(60), 4, io.gitopsbridge.controller.SelfHealBackoff.DEFAULT, java.time.ZoneId.systemDefault()),
                EngineSettings.DEFAULTS, Duration.ofSeconds(60), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** One cluster's controller and what it holds open. */
    private record Running(String connection, Cluster cluster, ClusterCache cache, Controller controller, Backend backend) {
        void close() {
            controller.close();
            cache.close();
            cluster.close();
        }
    }

    private final Supplier<GitOpsBridgeConfiguration> config;
    private final Function<ClusterDefinition, Cluster> connect;
    private final Path statusDir;
    private final GitSources sources;
    private final Settings settings;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> followers = new ConcurrentHashMap<>();
    private final Events events = new Events(200);
    private final Backend dashboard = new Backends(() -> running.values().stream().map(Running::backend).toList());
    private boolean started;

    /**
     * @param connect connects to a configured cluster with its credentials
     * @param gitCredentials the Git identity of a credentials ID of a configured application
     * @param statusDir where each application's status file is ({@code <name>.yaml})
     * @param cacheDir where the repository mirrors are kept
     */
    public ControllerService(Supplier<GitOpsBridgeConfiguration> config, Function<ClusterDefinition, Cluster> connect,
            Function<String, GitAuth> gitCredentials, Path statusDir, Path cacheDir, Settings settings) {
        this.config = config;
        this.connect = connect;
        this.statusDir = statusDir;
        this.settings = settings;
        this.sources = new GitSources(cacheDir, 1_000).withAuth(url -> gitAuth(url, gitCredentials))
                .withRevisionCache(settings.revisionCache());
    }

    /** Started once plugins, the configuration and jobs are loaded; a failure here must not keep Jenkins from starting. */
    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED, fatal = false)
    public static void startWithJenkins() {
        File root = jenkins.model.Jenkins.get().getRootDir();
        ControllerService service = new ControllerService(GitOpsBridgeConfiguration::get,
                cluster -> GitOpsBridgeConfiguration.get().connect(cluster), new JenkinsGitCredentials(),
                statusDir(root), new File(root, "caches/gitops-bridge/controller").toPath(),
                Settings.DEFAULTS);
        inJenkins = service;
        service.start();
    }

    /** Where every configured application's status file is, for pipelines and the controller alike. */
    public static Path statusDir(File jenkinsRoot) {
        return new File(jenkinsRoot, "gitops-bridge/applications").toPath();
    }

    @Terminator
    public static void stopWithJenkins() {
        ControllerService service = inJenkins;
        if (service != null) {
            service.stop();
        }
    }

    /** The service Jenkins runs, once it has started. */
    public static Optional<ControllerService> running() {
        return Optional.ofNullable(inJenkins);
    }

    /** The configuration was saved: the service Jenkins runs (if it has started) follows it. */
    public static void configurationChanged() {
        ControllerService service = inJenkins;
        if (service != null) {
            service.reconfigure();
        }
    }

    /** Starts the controllers the configuration asks for; a restart goes on from the saved statuses. */
    public synchronized void start() {
        started = true;
        reconfigure();
    }

    /** Stops every controller: operations under way end at their next write, with their status saved. */
    public synchronized void stop() {
        started = false;
        running.values().forEach(Running::close);
        running.clear();
    }

    /**
     * Follows the configuration: controllers of clusters no longer wanted (or whose connection changed) stop, new
     * ones start, and the others read their applications again.
     */
    public synchronized void reconfigure() {
        if (!started) {
            return;
        }
        GitOpsBridgeConfiguration c = config.get();
        Map<String, ClusterDefinition> wanted = c.isControllerEnabled() ? automatedClusters(c) : Map.of();
        for (Map.Entry<String, Running> e : List.copyOf(running.entrySet())) {
            ClusterDefinition def = wanted.get(e.getKey());
            if (def == null || !connection(def).equals(e.getValue().connection())) {
                running.remove(e.getKey()).close();
                log("Stopped the controller of cluster '" + e.getKey() + "'");
            }
        }
        for (ClusterDefinition def : wanted.values()) {
            Running r = running.get(def.getName());
            if (r != null) {
                r.controller().resync();
            } else {
                startController(def);
            }
        }
    }

    private void startController(ClusterDefinition def) {
        Cluster cluster = null;
        ClusterCache cache = null;
        try {
            cluster = connect.apply(def);
            cache = new ClusterCache(cluster.client(), settings.cacheResync());
            ClientResources server = new ClientResources(cluster.client());
            SyncEngine engine = new SyncEngine(server, settings.engine()).comparingFrom(new CachedResources(server, cache));
            String name = def.getName();
            Placed render = new Placed(new GitRender(sources, settings.renderTimeout()), name, server);
            Controller controller = new Controller(new ConfiguredApplications(config, name, statusDir, this::log), render,
                    engine, cache, settings.controller(), this::log).start();
            running.put(name, new Running(connection(def), cluster, cache, controller,
                    new ControllerBackend(controller, render, engine, cache, events)));
            log("Started the controller of cluster '" + name + "' for " + controller.names().size() + " applications");
        } catch (RuntimeException e) {
            // That cluster stays unreconciled (pipelines sync it themselves); the next save tries again.
            if (cache != null) {
                cache.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            LOGGER.log(Level.WARNING, "GitOps Bridge could not start the controller of cluster ''{0}'': {1}",
                    new Object[] {def.getName(), e.getMessage()});
        }
    }

    /**
     * The controller that reconciles {@code application} on {@code cluster}, if there is one: then every sync of it
     * must go through that controller's queue.
     */
    public Optional<Controller> reconciling(String application, String cluster) {
        Running r = cluster == null ? null : running.get(cluster);
        return r != null && r.controller().names().contains(application) ? Optional.of(r.controller()) : Optional.empty();
    }

    /** The applications the controllers reconcile, as the dashboard and the webhook reach them. */
    public Backend dashboard() {
        return dashboard;
    }

    /** What happened to each application, for the dashboard. */
    public Events events() {
        return events;
    }

    /** Copies the controller's lines about {@code application} to {@code lines} until the returned handle is closed. */
    public AutoCloseable follow(String application, Consumer<String> lines) {
        followers.computeIfAbsent(application, k -> new CopyOnWriteArrayList<>()).add(lines);
        return () -> followers.computeIfPresent(application, (k, list) -> {
            list.remove(lines);
            return list.isEmpty() ? null : list;
        });
    }

    /** Lines of an application's operations start with its name (a DNS label, so without {@code ": "}). */
    private void log(String line) {
        LOGGER.info(line);
        int colon = line.indexOf(": ");
        if (colon > 0) {
            String app = line.substring(0, colon);
            if (running.values().stream().anyMatch(r -> r.controller().names().contains(app))) {
                events.add(app, line.substring(colon + 2));
            }
            List<Consumer<String>> to = followers.get(app);
            if (to != null) {
                to.forEach(f -> f.accept(line.substring(colon + 2)));
            }
        }
    }

    /** Clusters with an application with automated sync, by name, in the configured order. */
    private static Map<String, ClusterDefinition> automatedClusters(GitOpsBridgeConfiguration c) {
        Map<String, ClusterDefinition> wanted = new LinkedHashMap<>();
        for (ApplicationDefinition app : c.getApplications()) {
            String cluster = ConfiguredApplications.clusterOf(c, app);
            if (app.isAutomated() && cluster != null) {
                wanted.put(cluster, c.cluster(cluster));
            }
        }
        return wanted;
    }

    /** What a controller's connection depends on: when it changes, the controller connects anew. */
    private static String connection(ClusterDefinition c) {
        return String.join("\n", Objects.toString(c.getCredentialsId()), Objects.toString(c.getContext()),
                Objects.toString(c.getNamespace()), String.valueOf(c.isInCluster()), String.valueOf(c.isExecAllowed()));
    }

    /** A repository's Git identity: the credentials of the first configured application that reads it with some. */
    private GitAuth gitAuth(String url, Function<String, GitAuth> credentials) {
        return config.get().getApplications().stream()
                .filter(a -> url.equals(a.getRepoURL()) && a.getCredentialsId() != null)
                .findFirst().map(a -> credentials.apply(a.getCredentialsId())).orElse(GitAuth.NONE);
    }

    /**
     * Renders, then holds a target to the namespaces its cluster allows (read at each render): one that places an
     * object elsewhere fails, so the application is Unknown and never synced.
     */
    private final class Placed implements Controller.Render {
        private final Controller.Render render;
        private final String cluster;
        private final ClientResources kube;

        Placed(Controller.Render render, String cluster, ClientResources kube) {
            this.render = render;
            this.cluster = cluster;
            this.kube = kube;
        }

        @Override
        public Target render(Application app) {
            return placed(app, render.render(app));
        }

        @Override
        public Target renderFresh(Application app) {
            return placed(app, render.renderFresh(app));
        }

        private Target placed(Application app, Target target) {
            if (target.failed()) {
                return target;
            }
            try {
                AllowedNamespaces.check(app, target, cluster, config.get().cluster(cluster).namespaces(), kube);
                return target;
            } catch (IllegalArgumentException refused) {
                return Target.failed(refused.getMessage(), target.revisions());
            }
        }
    }
}
