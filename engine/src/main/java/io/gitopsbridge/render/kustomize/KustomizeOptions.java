package io.gitopsbridge.render.kustomize;

/**
 * How a build runs, as {@code kustomize build}'s flags say.
 *
 * @param reorder the final order: {@code UNSPECIFIED} (kustomize's default, and Argo CD's: the kustomization's
 *     {@code sortOptions}, else legacy kind order), {@code LEGACY}, or {@code NONE} (input order, or sortOptions)
 * @param rootOnly kustomize's default load restriction: no file outside a kustomization's own directory
 */
public record KustomizeOptions(Reorder reorder, boolean rootOnly) {
    public enum Reorder { UNSPECIFIED, LEGACY, NONE }

    /** What Argo CD runs: {@code kustomize build} with its defaults. */
    public static final KustomizeOptions ARGO_CD = new KustomizeOptions(Reorder.UNSPECIFIED, true);
}
