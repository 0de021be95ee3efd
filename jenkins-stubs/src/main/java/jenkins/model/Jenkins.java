package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.csrf.CrumbIssuer;
import org.springframework.security.core.Authentication;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/jenkins/model/Jenkins.java}. The real class reaches
 * {@code ItemGroup<TopLevelItem>} through {@code DirectlyModifiableTopLevelItemGroup}; only that is declared.
 */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission READ = null;

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

    /** The item, or {@code null} when there is none or the current user may not read it. */
    @CheckForNull
    public Item getItemByFullName(@NonNull String fullName) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @CheckForNull
    public CrumbIssuer getCrumbIssuer() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public static Authentication getAuthentication2() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
