package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/jenkins/model/Jenkins.java}. The real class reaches
 * {@code ItemGroup<TopLevelItem>} through {@code DirectlyModifiableTopLevelItemGroup}; only that is declared.
 */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
    public static final Permission ADMINISTER = null;

    protected Jenkins() {}

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public java.io.File getRootDir() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @Nullable
    public String getRootUrl() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
