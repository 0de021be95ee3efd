package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Item.java}. Of its supertypes only
 * {@code AccessControlled} is declared.
 */
public interface Item extends AccessControlled {
    Permission EXTENDED_READ = null;
    Permission READ = null;
    Permission BUILD = null;

    /** Declared by {@code Item}: the name of this item from the root, folders separated by {@code /}. */
    String getFullName();
}
