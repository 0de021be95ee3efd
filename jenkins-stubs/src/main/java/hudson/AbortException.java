package hudson;

import java.io.IOException;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/AbortException.java}: a failure whose message is
 * printed without a stack trace.
 */
public final class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {}
}
