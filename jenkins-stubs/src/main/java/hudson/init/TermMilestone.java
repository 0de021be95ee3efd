package hudson.init;

import org.jvnet.hudson.reactor.Milestone;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/init/TermMilestone.java}. */
public enum TermMilestone implements Milestone {
    STARTED,
    COMPLETED
}
