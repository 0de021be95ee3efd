package hudson.model;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/TopLevelItem.java}; no member is used. */
public interface TopLevelItem extends Item {}
