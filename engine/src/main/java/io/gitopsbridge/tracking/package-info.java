/**
 * Which application an object in a cluster belongs to, in Argo CD's formats, so that moving between Argo CD and
 * GitOps Bridge keeps ownership: the {@code argocd.argoproj.io/tracking-id} annotation, or the
 * {@code app.kubernetes.io/instance} label.
 */
package io.gitopsbridge.tracking;
