package org.jvnet.hudson.reactor;

/**
 * Stub of lib-task-reactor (bundled in jenkins.war 2.479.3) {@code src/main/java/org/jvnet/hudson/reactor/Milestone.java}:
 * the interface the init and termination milestones implement; no member is used.
 */
public interface Milestone {}
