package hudson.model;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/AbstractDescribableImpl.java}. */
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    protected AbstractDescribableImpl() {}

    @Override
    public Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
