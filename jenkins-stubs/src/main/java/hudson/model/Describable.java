package hudson.model;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Describable.java}. */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
