package hudson.security.csrf;

import jakarta.servlet.ServletRequest;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/security/csrf/CrumbIssuer.java}; the real class also
 * implements {@code Describable<CrumbIssuer>} and {@code ExtensionPoint}, which the plugin does not need.
 */
public abstract class CrumbIssuer {
    protected CrumbIssuer() {}

    public String getCrumbRequestField() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public String getCrumb(ServletRequest request) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
