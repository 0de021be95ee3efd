/**
 * The engine's merges, both driven by the schema's {@link io.gitopsbridge.schema.MergeRules}: applying a strategic
 * merge patch (Kustomize patches) and the three-way merge of kubectl's client-side apply (diff and sync).
 */
package io.gitopsbridge.merge;
