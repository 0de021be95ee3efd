package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/jenkins/model/TransientActionFactory.java}. */
public abstract class TransientActionFactory<T> implements ExtensionPoint {
    protected TransientActionFactory() {}

    public abstract Class<T> type();

    @NonNull
    public abstract Collection<? extends Action> createFor(@NonNull T target);
}
