package jenkins.model;

import java.io.Serializable;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/jenkins/model/CauseOfInterruption.java}: why a build was
 * interrupted, such as "Aborted by alice". Only what the plugin reads is declared.
 */
public abstract class CauseOfInterruption implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract String getShortDescription();
}
