package io.gitopsbridge.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a rollback syncs, and Argo CD's refusals, as a step without a controller asks for them. */
class RollbackRevisionTest {
    private static Application app(String syncPolicy) {
        Application app = Application.parse("app.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: shop}
                spec:
                  source: {repoURL: https://git.example.com/config.git, path: shop, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: shop}
                  syncPolicy: %s
                """.formatted(syncPolicy));
        ApplicationStatus e = ApplicationStatus.EMPTY;
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        return app.withStatus(new ApplicationStatus(e.sync(), e.health(), e.resources(), e.conditions(), e.operationState(),
                List.of(new ApplicationStatus.HistoryEntry(3, List.of("c1"), at, at.plusSeconds(5))), e.reconciledAt()));
    }

    @Test
    void anEntrysRevisionOrArgoCdsRefusal() {
        assertThat(Controller.rollbackRevision(app("{}"), 3)).isEqualTo("c1");
        assertThatThrownBy(() -> Controller.rollbackRevision(app("{}"), 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("application shop does not have deployment with id 4");
        assertThatThrownBy(() -> Controller.rollbackRevision(app("{automated: {}}"), 3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("rollback cannot be initiated when auto-sync is enabled");
        assertThat(Controller.rollbackRevision(app("{automated: {enabled: false}}"), 3)).as("automated sync switched off")
                .isEqualTo("c1");
    }
}
