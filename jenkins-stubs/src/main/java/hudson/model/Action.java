package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Action.java}. */
public interface Action extends ModelObject {
    @CheckForNull
    String getIconFileName();

    @Override
    @CheckForNull
    String getDisplayName();

    @CheckForNull
    String getUrlName();
}
