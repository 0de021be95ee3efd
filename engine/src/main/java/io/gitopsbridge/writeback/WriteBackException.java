package io.gitopsbridge.writeback;

/** A write-back that cannot be done: an edit that does not apply, a push that keeps failing, bad credentials. */
public class WriteBackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteBackException(String message) {
        super(message);
    }

    public WriteBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
