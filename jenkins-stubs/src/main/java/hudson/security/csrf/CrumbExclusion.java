package hudson.security.csrf;

import hudson.ExtensionPoint;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/security/csrf/CrumbExclusion.java}. */
public abstract class CrumbExclusion implements ExtensionPoint {
    protected CrumbExclusion() {}

    /** Concrete in 2.479.3 (with a deprecated javax twin, not declared here); exclusions override it. */
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
