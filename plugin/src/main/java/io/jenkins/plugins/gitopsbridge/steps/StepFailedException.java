package io.jenkins.plugins.gitopsbridge.steps;

/** A step's run ended without success; the message is for the build log, with no stack trace. */
final class StepFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailedException(String message) {
        super(message);
    }
}
