/**
 * Rendering: an Argo CD-style source (a plain directory or a Kustomize tree) turned into Kubernetes objects in
 * process, each with the file it came from, in a deterministic order. Unsupported options fail by name; nothing is
 * silently ignored.
 */
package io.gitopsbridge.render;
