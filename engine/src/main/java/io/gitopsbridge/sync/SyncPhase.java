package io.gitopsbridge.sync;

/** Sync phases in the order they run. */
public enum SyncPhase {
    PRE_SYNC("PreSync"),
    SYNC("Sync"),
    POST_SYNC("PostSync"),
    /** Runs only when a sync fails. */
    SYNC_FAIL("SyncFail");

    private final String text;

    SyncPhase(String text) {
        this.text = text;
    }

    /** The name in annotations and status. */
    public String text() {
        return text;
    }
}
