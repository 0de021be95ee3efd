package io.jenkins.plugins.gitopsbridge.ui;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The applications a job's builds synced, from the status files: the history entries each sync leaves name the build
 * that asked ({@code folder/job#12}, Argo CD's {@code initiatedBy.username}).
 */
final class SyncedApplications {
    private static final Logger LOGGER = Logger.getLogger(SyncedApplications.class.getName());

    /** One application, with the last sync a build of the job made and the application's status now. */
    record Row(String name, String sync, String health, String build, String revision, String deployedAt) {}

    /** Each status file as last read, by path, with its modification time: job pages are drawn often. */
    private static final java.util.Map<Path, Read> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private record Read(java.nio.file.attribute.FileTime modified, ApplicationStatus status) {}

    private SyncedApplications() {}

    private static ApplicationStatus read(Path file) throws IOException {
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
        Read cached = CACHE.get(file);
        if (cached != null && cached.modified().equals(modified)) {
            return cached.status();
        }
        ApplicationStatus status = StatusFile.read(file);
        CACHE.put(file, new Read(modified, status));
        return status;
    }

    /** The applications with a history entry by a build of {@code job}, by name. */
    static List<Row> of(Path statusDir, String job) {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(statusDir)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(statusDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                try {
                    row(name, read(file), job).ifPresent(rows::add);
                } catch (IOException | RuntimeException e) {
                    LOGGER.log(Level.FINE, "Skipping the status file " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not list " + statusDir + ": " + e.getMessage());
        }
        return rows;
    }

    static java.util.Optional<Row> row(String name, ApplicationStatus status, String job) {
        ApplicationStatus.HistoryEntry last = null;
        for (ApplicationStatus.HistoryEntry h : status.history()) {
            if (h.username().startsWith(job + "#")) {
                last = h;
            }
        }
        if (last == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Row(name, status.sync().status().text(), status.health().status().text(), last.username(),
                String.join(", ", last.revisions()), last.deployedAt().toString()));
    }
}
