package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;

/** Starts processes for a build; only the controller's own launcher is used, to hand to an artifact manager. */
public abstract class Launcher {
    protected Launcher() {}

    /** Runs processes on the Jenkins controller. */
    public static class LocalLauncher extends Launcher {
        public LocalLauncher(@NonNull TaskListener listener) {
            throw new UnsupportedOperationException("Jenkins API stub: compile-only");
        }
    }
}
