package hudson.model;

/** A build's listener; its methods beyond TaskListener's have defaults in core, and none is called here. */
public interface BuildListener extends TaskListener {}
