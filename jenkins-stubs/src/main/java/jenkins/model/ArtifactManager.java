package jenkins.model;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import java.io.IOException;
import java.util.Map;

/** Keeps a build's artifacts; only {@code archive} is used. */
public abstract class ArtifactManager {
    protected ArtifactManager() {}

    /**
     * @param artifacts from paths in the archive area to paths relative to {@code workspace}
     */
    public abstract void archive(FilePath workspace, Launcher launcher, BuildListener listener, Map<String, String> artifacts)
            throws IOException, InterruptedException;
}
