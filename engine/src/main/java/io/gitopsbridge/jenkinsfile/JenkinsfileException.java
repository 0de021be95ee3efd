package io.gitopsbridge.jenkinsfile;

/** A Jenkinsfile that does not read as a declarative Pipeline; the message starts with file:line:column. */
public final class JenkinsfileException extends RuntimeException {
    private final Position at;

    public JenkinsfileException(Position at, String message) {
        super(at + ": " + message);
        this.at = at;
    }

    public Position at() {
        return at;
    }
}
