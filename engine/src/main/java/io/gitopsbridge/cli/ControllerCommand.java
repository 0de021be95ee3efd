package io.gitopsbridge.cli;

import io.gitopsbridge.app.Projects;
import io.gitopsbridge.cache.CachedResources;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.controller.ClusterApplications;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.controller.GitRender;
import io.gitopsbridge.controller.SelfHealBackoff;
import io.gitopsbridge.controller.Shards;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.web.Api;
import io.gitopsbridge.web.ControllerBackend;
import io.gitopsbridge.web.Events;
import io.gitopsbridge.web.RateLimit;
import io.gitopsbridge.web.WebServer;
import io.gitopsbridge.web.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitops-bridge controller}: Argo CD's application controller for the Application objects of one namespace,
 * running until stopped; replicas share the applications through Leases.
 */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Reconcile the Application objects of a namespace continuously, as Argo CD's application controller"
                + " does: refresh from Git and on cluster changes, automated sync, self-heal, retry, status in each"
                + " Application's .status. Several replicas share the applications through Leases. Runs until stopped.")
final class ControllerCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Mixin
    GitAuthOptions git;

    @Option(names = "--cache", description = "Repository cache (default: ~/.cache/gitops-bridge/sources).")
    Path cache;

    @Option(names = "--refresh", defaultValue = "120s", description = "How often each application is compared with Git and"
            + " the cluster (Argo CD's timeout.reconciliation; default: ${DEFAULT-VALUE}).")
    String refresh;

    @Option(names = "--jitter", defaultValue = "60s", description = "Up to how much later, at random, each refresh comes, so"
            + " they spread out (Argo CD's timeout.reconciliation.jitter; default: ${DEFAULT-VALUE}).")
    String jitter;

    @Option(names = "--revision-cache", defaultValue = "3m", description = "How long what a Git server said about its"
            + " branches and tags is reused by every application of that repository (Argo CD's"
            + " --revision-cache-expiration; default: ${DEFAULT-VALUE}).")
    String revisionCache;

    @Option(names = "--workers", defaultValue = "10", description = "Applications reconciled at once (Argo CD's"
            + " operation processors; default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--render-timeout", defaultValue = "60s", description = "How long rendering one application may take"
            + " before its comparison fails (Argo CD's controller.repo.server.timeout.seconds; default: ${DEFAULT-VALUE}).")
    String renderTimeout;

    @Option(names = "--projects-namespace", description = "Where the AppProjects are (default: the applications' namespace,"
            + " as Argo CD keeps both).")
    String projectsNamespace;

    @Option(names = "--shards", defaultValue = "1", description = "Into how many shards the applications are split; each"
            + " is held by one replica through a Lease, so run as many replicas as you like (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--identity", description = "This replica's name among the others (default: $POD_NAME, then the host"
            + " name with a random suffix).")
    String identity;

    @Option(names = "--listen", description = "Serve the dashboard, its API and the Git webhook at HOST:PORT (for example"
            + " 127.0.0.1:8080). Anywhere but loopback it needs --dashboard-token-file.")
    String listen;

    @Option(names = "--dashboard-token-file", description = "A file holding the token callers of the dashboard's API send as"
            + " 'Authorization: Bearer TOKEN'.")
    Path tokenFile;

    @Option(names = "--webhook-secret", paramLabel = "PROVIDER=FILE", description = "The secret a provider's webhooks are"
            + " verified with (github, gitlab, gitea, bitbucket), read from FILE; repeatable. A provider without one is"
            + " refused.")
    Map<String, Path> webhookSecrets = new java.util.LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the dashboard listens, once it does. */
    final java.util.concurrent.CompletableFuture<java.net.InetSocketAddress> listening = new java.util.concurrent.CompletableFuture<>();

    /** Counted down to stop: by the JVM's shutdown (SIGTERM), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Counted down when the controller has stopped and freed its leases, which the JVM's shutdown waits for. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Duration every = positive("--refresh", refresh);
        Duration spread = GoDuration.parse(jitter);
        Duration revisions = GoDuration.parse(revisionCache);
        Duration timeout = positive("--render-timeout", renderTimeout);
        if (workers < 1 || shards < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers and --shards must be at least 1");
        }
        var err = spec.commandLine().getErr();
        java.util.function.Consumer<String> print = line -> {
            synchronized (err) {
                err.println(java.time.Instant.now() + " " + line);
            }
        };
        java.net.InetSocketAddress address = listen == null ? null : address(listen);
        String token = tokenFile == null ? null : Files.readString(tokenFile).strip();
        Map<Webhook.Provider, byte[]> secrets = secrets();
        java.util.concurrent.atomic.AtomicReference<Controller> reconciling = new java.util.concurrent.atomic.AtomicReference<>();
        Events events = new Events(200);
        java.util.function.Consumer<String> log = events.recording(name -> reconciling.get() != null
                && reconciling.get().application(name).isPresent(), print);
        GitAuth auth = git.auth(spec.commandLine());
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge", "sources");
        GitSources sources = new GitSources(cacheDir, 10_000).withAuth(url -> auth).withRevisionCache(revisions);
        String me = identity != null ? identity : System.getenv().getOrDefault("POD_NAME",
                java.net.InetAddress.getLocalHost().getHostName() + "-" + Long.toHexString(System.nanoTime() & 0xffffff));

        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                // Within Kubernetes' default grace period of 30 s: operations end, leases are freed for the others.
                stopped.await(25, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gitops-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection());
                ClusterCache clusterCache = new ClusterCache(cluster.client(), Duration.ofMinutes(10))) {
            String namespace = cluster.namespace();
            ClientResources server = new ClientResources(cluster.client());
            SyncEngine engine = new SyncEngine(server, EngineSettings.DEFAULTS, java.time.Clock.systemUTC(),
                    Projects.live(cluster.client(), projectsNamespace != null ? projectsNamespace : namespace))
                    .comparingFrom(new CachedResources(server, clusterCache));
            ClusterApplications applications = new ClusterApplications(cluster.client(), namespace, log);
            Controller.Settings settings = new Controller.Settings(every, spread, workers, SelfHealBackoff.DEFAULT,
                    java.time.ZoneId.systemDefault());
            GitRender render = new GitRender(sources, timeout);
            try (Controller controller = new Controller(applications, render, engine, clusterCache, settings, log);
                    WebServer web = address == null ? null : dashboard(address, token, secrets, controller, render, engine,
                            clusterCache, events, log)) {
                reconciling.set(controller);
                controller.own(app -> false);
                controller.start();
                if (web != null) {
                    log.accept("Dashboard at http://" + web.address().getHostString() + ":" + web.address().getPort() + "/");
                    listening.complete(web.address());
                }
                try (AutoCloseable watch = applications.watch(controller, Duration.ofMinutes(10));
                        Shards leases = new Shards(cluster.client(), Shards.Settings.of(namespace, shards), me,
                                owned -> controller.own(app -> owned.contains(Shards.shardOf(app.name(), shards))), log)) {
                    leases.start();
                    log.accept("Controller " + me + " reconciling the Applications of namespace " + namespace + " ("
                            + shards + (shards == 1 ? " shard" : " shards") + ")");
                    stop.await();
                    // The controller stops first (operations end at their next write), then the leases are freed.
                    controller.close();
                }
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is stopping: the hook is running.
            }
        }
        return 0;
    }

    private static WebServer dashboard(java.net.InetSocketAddress address, String token, Map<Webhook.Provider, byte[]> secrets,
            Controller controller, GitRender render, SyncEngine engine, ClusterCache cache, Events events,
            java.util.function.Consumer<String> log) throws java.io.IOException {
        ControllerBackend backend = new ControllerBackend(controller, render, engine, cache, events);
        Webhook webhook = new Webhook(backend::applications, backend::refresh, p -> java.util.Optional.ofNullable(secrets.get(p)),
                new RateLimit(10, 50), log);
        return WebServer.start(address, token, new Api(backend, events, log), webhook, log);
    }

    private java.net.InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen " + value + ": expected HOST:PORT");
        }
        String host = value.substring(0, colon).replaceAll("^\\[|\\]$", "");
        return new java.net.InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
    }

    private Map<Webhook.Provider, byte[]> secrets() throws java.io.IOException {
        Map<Webhook.Provider, byte[]> out = new java.util.EnumMap<>(Webhook.Provider.class);
        for (Map.Entry<String, Path> e : webhookSecrets.entrySet()) {
            Webhook.Provider provider;
            try {
                provider = Webhook.Provider.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--webhook-secret " + e.getKey()
                        + ": expected github, gitlab, gitea or bitbucket");
            }
            out.put(provider, Files.readString(e.getValue()).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private Duration positive(String option, String value) {
        Duration d = GoDuration.parse(value);
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + value + ": must be more than zero");
        }
        return d;
    }
}
