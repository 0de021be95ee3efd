package io.gitopsbridge.app;

import io.gitopsbridge.yaml.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * An application's status kept in a file, for applications that are not objects in a cluster: it carries the
 * inventory prune needs and the sync history from one run to the next.
 */
public final class StatusFile {
    private StatusFile() {}

    /** The status in {@code file}, or {@link ApplicationStatus#EMPTY} when there is no file yet. */
    public static ApplicationStatus read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return ApplicationStatus.EMPTY;
        }
        Object saved = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        return ApplicationStatus.fromMap(Trees.map(saved));
    }

    /** Writes through a temporary file, so a crash never leaves half a status behind. */
    public static void write(Path file, ApplicationStatus status) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, Trees.yaml(status.toMap()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
