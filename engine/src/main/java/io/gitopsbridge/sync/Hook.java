package io.gitopsbridge.sync;

import io.gitopsbridge.kube.Metadata;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A resource's hook annotations: {@code argocd.argoproj.io/hook} (or Helm's {@code helm.sh/hook}, mapped as Argo CD
 * maps it) and {@code argocd.argoproj.io/hook-delete-policy} (default {@code BeforeHookCreation}).
 *
 * @param phases the phases the hook runs in; empty for {@code Skip}
 * @param deletePolicies when the hook object is deleted
 */
public record Hook(Set<SyncPhase> phases, Set<DeletePolicy> deletePolicies) {
    public static final String ANNOTATION = "argocd.argoproj.io/hook";
    public static final String DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String HELM_HOOK = "helm.sh/hook";
    static final String HELM_DELETE_POLICY = "helm.sh/hook-delete-policy";
    /**
     * Argo CD's finalizer on a hook while a sync watches it, so that {@code ttlSecondsAfterFinished} or anyone else
     * cannot remove the object before its outcome is read (gitops-engine since Argo CD 3.0).
     */
    public static final String FINALIZER = "argocd.argoproj.io/hook-finalizer";

    /** When a hook object is deleted. */
    public enum DeletePolicy {
        /** After the hook succeeded. */
        HOOK_SUCCEEDED,
        /** After the hook failed. */
        HOOK_FAILED,
        /** Before the hook is created again (the default). */
        BEFORE_HOOK_CREATION
    }

    /** Whether the object is skipped by syncs altogether ({@code hook: Skip}). */
    public boolean skip() {
        return phases.isEmpty();
    }

    /**
     * The object's hook, if it is one.
     *
     * @throws IllegalArgumentException naming an unknown hook type or delete policy
     */
    public static Optional<Hook> of(Map<String, Object> object) {
        String argo = Metadata.annotation(object, ANNOTATION);
        String helm = Metadata.annotation(object, HELM_HOOK);
        if (argo == null && (helm == null || helm.equals("crd-install"))) {
            // Helm marks CRDs with the hook annotation too; they are not hooks (gitops-engine's helm.IsHook).
            return Optional.empty();
        }
        Set<SyncPhase> phases = EnumSet.noneOf(SyncPhase.class);
        if (argo != null) {
            for (String t : argo.split(",")) {
                switch (t.trim()) {
                    case "PreSync" -> phases.add(SyncPhase.PRE_SYNC);
                    case "Sync" -> phases.add(SyncPhase.SYNC);
                    case "PostSync" -> phases.add(SyncPhase.POST_SYNC);
                    case "SyncFail" -> phases.add(SyncPhase.SYNC_FAIL);
                    case "Skip" -> { }
                    default -> throw new IllegalArgumentException(ANNOTATION + ": unknown hook type '" + t.trim()
                            + "' (known: PreSync, Sync, PostSync, SyncFail, Skip)");
                }
            }
        } else {
            for (String t : helm.split(",")) {
                switch (t.trim()) {
                    case "pre-install", "pre-upgrade" -> phases.add(SyncPhase.PRE_SYNC);
                    case "post-install", "post-upgrade" -> phases.add(SyncPhase.POST_SYNC);
                    default -> { } // Helm's delete, rollback and test hooks have no place in a sync; Argo CD ignores them too
                }
            }
            if (phases.isEmpty()) {
                return Optional.of(new Hook(Set.of(), Set.of()));
            }
        }
        Set<DeletePolicy> policies = EnumSet.noneOf(DeletePolicy.class);
        String policy = Metadata.annotation(object, DELETE_POLICY) != null ? Metadata.annotation(object, DELETE_POLICY)
                : Metadata.annotation(object, HELM_DELETE_POLICY);
        if (policy != null) {
            for (String p : policy.split(",")) {
                switch (p.trim().toLowerCase(Locale.ROOT)) {
                    case "hooksucceeded", "hook-succeeded" -> policies.add(DeletePolicy.HOOK_SUCCEEDED);
                    case "hookfailed", "hook-failed" -> policies.add(DeletePolicy.HOOK_FAILED);
                    case "beforehookcreation", "before-hook-creation" -> policies.add(DeletePolicy.BEFORE_HOOK_CREATION);
                    default -> throw new IllegalArgumentException(DELETE_POLICY + ": unknown policy '" + p.trim()
                            + "' (known: HookSucceeded, HookFailed, BeforeHookCreation)");
                }
            }
        }
        if (policies.isEmpty()) {
            policies.add(DeletePolicy.BEFORE_HOOK_CREATION);
        }
        return Optional.of(new Hook(Set.copyOf(phases), Set.copyOf(policies)));
    }
}
