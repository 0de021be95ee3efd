package hudson.security;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/security/Permission.java}; no member is used. */
public final class Permission {
    private Permission() {}
}
