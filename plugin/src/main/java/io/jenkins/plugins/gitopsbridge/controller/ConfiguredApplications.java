package io.jenkins.plugins.gitopsbridge.controller;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import io.gitopsbridge.controller.Controller;
import io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The applications of the global configuration that go to one cluster, each with its status in the file that
 * {@code gitopsSync} keeps too ({@code <name>.yaml} in the status directory), so a pipeline and the controller see
 * one status and a restarted controller goes on from it.
 */
final class ConfiguredApplications implements Controller.Applications {
    private final Supplier<GitOpsBridgeConfiguration> config;
    private final String cluster;
    private final Path statusDir;
    private final Consumer<String> log;

    ConfiguredApplications(Supplier<GitOpsBridgeConfiguration> config, String cluster, Path statusDir, Consumer<String> log) {
        this.config = config;
        this.cluster = cluster;
        this.statusDir = statusDir;
        this.log = log;
    }

    /** Read at every call: a saved configuration is what the next resync reconciles. */
    @Override
    public List<Application> list() {
        GitOpsBridgeConfiguration c = config.get();
        List<Application> apps = new ArrayList<>();
        for (ApplicationDefinition d : c.getApplications()) {
            if (!cluster.equals(clusterOf(c, d))) {
                continue;
            }
            try {
                apps.add(d.toApplication().withStatus(StatusFile.read(file(d.getName()))));
            } catch (IOException | RuntimeException e) {
                log.accept("Warning: application '" + d.getName() + "' is not reconciled: " + e.getMessage());
            }
        }
        return apps;
    }

    @Override
    public void saveStatus(Application app, ApplicationStatus status) {
        try {
            StatusFile.write(file(app.name()), status);
        } catch (IOException e) {
            // The controller holds the status; the next save tries the file again.
            log.accept("Warning: could not write the status of application '" + app.name() + "': " + e.getMessage());
        }
    }

    private Path file(String name) {
        return statusDir.resolve(name + ".yaml");
    }

    /** The cluster an application goes to: the one it names, else the only configured one; {@code null} if unclear. */
    static String clusterOf(GitOpsBridgeConfiguration config, ApplicationDefinition app) {
        try {
            return config.clusterFor(app.getCluster()).getName();
        } catch (IllegalArgumentException unclear) {
            return null;
        }
    }
}
