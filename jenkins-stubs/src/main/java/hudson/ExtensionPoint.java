package hudson;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/ExtensionPoint.java}. */
public interface ExtensionPoint {}
