package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Resume;
import java.util.Map;

/** What a step runs, once it knows the namespace and the build it runs for. */
interface Plan {
    /**
     * Starts the run, or with {@code resume} takes over the one a process before a restart started; labels and
     * annotations tie its Pods to the build.
     *
     * @throws IllegalArgumentException if the run cannot be taken over (a Pipeline's)
     */
    Launch start(Launcher launcher, String namespace, Map<String, String> labels, Map<String, String> annotations,
            LogSink sink, Resume resume);

    /** Whether a process after a restart can take the run over ({@link #start} with a resume point). */
    default boolean resumable() {
        return true;
    }

    /** Lines for the build log once the run has ended (each stage's result, for example). */
    default java.util.List<String> summary(Outcome outcome) {
        return java.util.List.of();
    }

    /**
     * The step's return value.
     *
     * @throws StepFailedException with the run's message when it did not succeed
     */
    Object result(Outcome outcome) throws StepFailedException;
}
