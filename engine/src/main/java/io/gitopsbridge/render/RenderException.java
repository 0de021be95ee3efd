package io.gitopsbridge.render;

/** A source that cannot be rendered; the message names the file (and line or field) at fault. */
public class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
