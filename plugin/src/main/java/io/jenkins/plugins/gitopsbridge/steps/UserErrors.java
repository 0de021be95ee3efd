package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.cluster.ClusterException;
import io.gitopsbridge.merge.StrategicMerge;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.writeback.WriteBackException;
import io.gitopsbridge.yaml.YamlException;

/**
 * Which failures are the user's to fix — arguments, YAML with its file and line, a cluster or repository that
 * refuses, a run that failed — and so end the build with one {@code ERROR:} line instead of a stack trace. Anything
 * else is a defect of ours and keeps its trace.
 */
final class UserErrors {
    private UserErrors() {}

    static boolean isUserError(Throwable t) {
        return t instanceof StepFailedException || t instanceof IllegalArgumentException
                || t instanceof WriteBackException || t instanceof YamlException || t instanceof RenderException
                || t instanceof ClusterException || t instanceof StrategicMerge.PatchException;
    }
}
