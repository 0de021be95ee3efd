package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/TaskListener.java}. The real interface extends
 * {@code org.jenkinsci.remoting.SerializableOnlyOverRemoting}; it is not declared here.
 */
public interface TaskListener {
    @NonNull
    PrintStream getLogger();
}
