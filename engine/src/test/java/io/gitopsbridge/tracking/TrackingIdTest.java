package io.gitopsbridge.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingIdTest {
    static Map<String, Object> deployment(String namespace, String trackingId) {
        return Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "api", "namespace", namespace,
                "annotations", Map.of(TrackingId.ANNOTATION, trackingId)));
    }

    @Test
    void formatsAndParsesArgoCdsAnnotation() {
        TrackingId id = TrackingId.of("shop", Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "api", "namespace", "prod")));
        assertThat(id.format()).isEqualTo("shop:apps/Deployment:prod/api");
        assertThat(TrackingId.parse("shop:apps/Deployment:prod/api")).contains(id);
        assertThat(TrackingId.of("shop", Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "prod")))
                .format()).isEqualTo("shop:/Namespace:/prod");
        assertThat(TrackingId.parse("not-a-tracking-id")).isEmpty();
    }

    @Test
    void anAnnotationCopiedOntoAnotherObjectTracksNothing() {
        assertThat(TrackingId.owner(deployment("prod", "shop:apps/Deployment:prod/api"))).contains("shop");
        assertThat(TrackingId.owner(deployment("staging", "shop:apps/Deployment:prod/api"))).isEmpty();
        assertThat(TrackingId.owner(Map.of("kind", "Deployment", "metadata", Map.of("name", "x")))).isEmpty();
        assertThat(TrackingId.labelValue("a".repeat(70))).hasSize(63);
    }
}
