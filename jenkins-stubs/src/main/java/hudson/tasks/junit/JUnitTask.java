package hudson.tasks.junit;

/** Stub of junit {@code src/main/java/hudson/tasks/junit/JUnitTask.java}: only the type, which the plugin passes on. */
public interface JUnitTask {}
