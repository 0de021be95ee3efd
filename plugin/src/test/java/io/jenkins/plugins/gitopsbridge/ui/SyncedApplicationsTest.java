package io.jenkins.plugins.gitopsbridge.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A job's page lists the applications its builds synced, from the history the status files keep. */
@Timeout(10)
class SyncedApplicationsTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theApplicationsWithAHistoryEntryByABuildOfTheJobWithTheLastOne(@TempDir Path dir) throws Exception {
        ApplicationStatus shop = ApplicationStatus.EMPTY.withHistory(List.of("c1"), AT, AT.plusSeconds(5), 10, "team/deploy#4", false)
                .withHistory(List.of("c2"), AT, AT.plusSeconds(60), 10, "", true)
                .withHistory(List.of("c3"), AT, AT.plusSeconds(90), 10, "team/deploy#5", false);
        StatusFile.write(dir.resolve("shop.yaml"), shop);
        StatusFile.write(dir.resolve("cart.yaml"), ApplicationStatus.EMPTY.withHistory(List.of("c9"), AT, AT, 10,
                "team/deploy-other#1", false));
        Files.writeString(dir.resolve("broken.yaml"), "history: [");

        assertThat(SyncedApplications.of(dir, "team/deploy")).containsExactly(new SyncedApplications.Row("shop", "Unknown",
                "Unknown", "team/deploy#5", "c3", "2026-12-01T10:01:30Z"));
        assertThat(SyncedApplications.of(dir, "team")).isEmpty();
        assertThat(SyncedApplications.of(dir.resolve("missing"), "team/deploy")).isEmpty();
        // Kept through the status file as Argo CD keeps it: history[].initiatedBy.
        assertThat(Files.readString(dir.resolve("shop.yaml"))).contains("initiatedBy:", "username: team/deploy#5", "automated: true");
    }
}
