package hudson.model;

import hudson.ExtensionPoint;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/RootAction.java}. */
public interface RootAction extends Action, ExtensionPoint {}
