package io.gitopsbridge.health;

/**
 * A health assessment.
 *
 * @param status the state
 * @param message why, for people (empty when there is nothing to say)
 */
public record Health(HealthStatus status, String message) {
    static Health healthy() {
        return new Health(HealthStatus.HEALTHY, "");
    }

    static Health progressing(String message) {
        return new Health(HealthStatus.PROGRESSING, message);
    }

    static Health degraded(String message) {
        return new Health(HealthStatus.DEGRADED, message);
    }
}
