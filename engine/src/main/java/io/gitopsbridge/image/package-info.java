/**
 * Container image references ({@code registry/repository:tag@digest}): one reading of them for Kaniko results,
 * write-back edits and Kustomize's {@code images:} transformer.
 */
package io.gitopsbridge.image;
