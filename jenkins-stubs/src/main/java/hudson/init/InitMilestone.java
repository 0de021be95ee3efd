package hudson.init;

import org.jvnet.hudson.reactor.Milestone;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/init/InitMilestone.java}: the milestones in their order. */
public enum InitMilestone implements Milestone {
    STARTED,
    PLUGINS_LISTED,
    PLUGINS_PREPARED,
    PLUGINS_STARTED,
    EXTENSIONS_AUGMENTED,
    SYSTEM_CONFIG_LOADED,
    SYSTEM_CONFIG_ADAPTED,
    JOB_LOADED,
    JOB_CONFIG_ADAPTED,
    COMPLETED
}
