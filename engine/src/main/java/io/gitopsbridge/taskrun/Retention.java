package io.gitopsbridge.taskrun;

/** Which finished Pods are kept for inspection. Pods of timed-out or cancelled attempts are always deleted. */
public enum Retention {
    /** Delete a Pod that succeeded, keep one that failed (the default). */
    KEEP_FAILED,
    /** Keep every Pod. */
    KEEP_ALL,
    /** Delete every Pod. */
    KEEP_NONE
}
