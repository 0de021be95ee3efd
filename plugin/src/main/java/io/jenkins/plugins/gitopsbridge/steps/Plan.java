package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.taskrun.LogSink;
import java.util.Map;

/** What a step runs, once it knows the namespace and the build it runs for. */
interface Plan {
    /** Starts the run; labels and annotations tie its Pods to the build. */
    Launch start(Launcher launcher, String namespace, Map<String, String> labels, Map<String, String> annotations,
            LogSink sink);

    /**
     * The step's return value.
     *
     * @throws StepFailedException with the run's message when it did not succeed
     */
    Object result(Outcome outcome) throws StepFailedException;
}
