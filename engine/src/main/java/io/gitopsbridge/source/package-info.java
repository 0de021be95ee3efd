/**
 * Starting a Task from the build's source: a first step that clones a Git URL at an exact commit into the
 * {@code source} workspace, with credentials in a Secret that exists only for the run.
 */
package io.gitopsbridge.source;
