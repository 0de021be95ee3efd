package hudson.model;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/ModelObject.java}. */
public interface ModelObject {
    String getDisplayName();
}
