/**
 * Per-field merge metadata of Kubernetes objects — patch strategy and merge key, list type and list-map keys — from an
 * OpenAPI document (the cluster's {@code /openapi/v3}, a kustomization's {@code openapi}), a CRD's structural schema,
 * or the table of built-in kinds shipped with the engine, and the one reading of it that diff, apply and Kustomize
 * patches share ({@link io.gitopsbridge.schema.MergeRules}).
 */
package io.gitopsbridge.schema;
