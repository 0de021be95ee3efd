/**
 * Kustomize in Java, built as kustomize's own builtins are: a resource map whose objects remember their earlier ids,
 * one transformer or generator per class run in kustomize's order, and field specs (which fields hold names, labels,
 * namespaces, images) as data in {@code builtin-fieldspecs.yaml}. Anything a kustomization asks for that is not
 * implemented is refused with its file, field and line.
 */
package io.gitopsbridge.render.kustomize;
