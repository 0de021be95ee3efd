package io.gitopsbridge.launch;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.gitopsbridge.pod.WorkspaceBinding;

/**
 * A workspace binding written as text: {@code emptyDir}, {@code pvc:CLAIM}, {@code secret:NAME},
 * {@code configmap:NAME}, or for a Pipeline {@code claim:SIZE} (a new ReadWriteOnce claim for the run, deleted after
 * it).
 */
public sealed interface WorkspaceSpec permits WorkspaceSpec.Bound, WorkspaceSpec.Claim {
    /** An existing volume source. */
    record Bound(WorkspaceBinding binding) implements WorkspaceSpec {}

    /** A claim made for the run. */
    record Claim(PersistentVolumeClaimSpec spec) implements WorkspaceSpec {}

    /**
     * @throws IllegalArgumentException naming the workspace and the accepted forms
     */
    static WorkspaceSpec parse(String workspace, String text) {
        String spec = text == null ? "" : text.trim();
        if (spec.equals("emptyDir")) {
            return new Bound(new WorkspaceBinding.EmptyDir());
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String value = colon < 0 ? "" : spec.substring(colon + 1).trim();
        if (value.isEmpty() && !kind.isEmpty() && colon >= 0) {
            throw new IllegalArgumentException("workspace '" + workspace + "': '" + spec + "' needs a value after ':'");
        }
        return switch (kind) {
            case "pvc" -> new Bound(new WorkspaceBinding.Pvc(value, null));
            case "secret" -> new Bound(new WorkspaceBinding.Secret(value));
            case "configmap" -> new Bound(new WorkspaceBinding.ConfigMap(value));
            case "claim" -> {
                Quantity size;
                try {
                    size = new Quantity(value);
                    Quantity.getAmountInBytes(size);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new IllegalArgumentException("workspace '" + workspace + "': '" + value
                            + "' is not a size such as 1Gi", e);
                }
                yield new Claim(new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce").withNewResources()
                        .addToRequests("storage", size).endResources().build());
            }
            default -> throw new IllegalArgumentException("workspace '" + workspace + "': '" + spec
                    + "' is not emptyDir, pvc:CLAIM, secret:NAME, configmap:NAME or claim:SIZE");
        };
    }
}
