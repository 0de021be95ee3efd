package io.gitopsbridge.app;

/** Whether live objects match Git. */
public enum SyncCode {
    SYNCED("Synced"),
    OUT_OF_SYNC("OutOfSync"),
    /** The desired state could not be worked out (rendering failed): nothing may be pruned. */
    UNKNOWN("Unknown");

    private final String text;

    SyncCode(String text) {
        this.text = text;
    }

    /** The name Argo CD shows. */
    public String text() {
        return text;
    }

    public static SyncCode fromText(String text) {
        for (SyncCode c : values()) {
            if (c.text.equals(text)) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
