package io.gitopsbridge.health;

/** Health states, from best to worst: an application takes the worst of its resources. */
public enum HealthStatus {
    HEALTHY("Healthy"),
    SUSPENDED("Suspended"),
    PROGRESSING("Progressing"),
    MISSING("Missing"),
    DEGRADED("Degraded"),
    UNKNOWN("Unknown");

    private final String text;

    HealthStatus(String text) {
        this.text = text;
    }

    /** The name Argo CD shows ({@code Healthy}, {@code Progressing}, …). */
    public String text() {
        return text;
    }

    public static HealthStatus fromText(String text) {
        for (HealthStatus s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
