package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/** What backs a workspace for one run. */
public sealed interface WorkspaceBinding {

    /** The Pod volume for workspace volume {@code volumeName}. */
    Volume volume(String volumeName);

    /** A sub-directory of the volume to mount, or {@code null}. */
    default String subPath() {
        return null;
    }

    /** The claim's name for {@code $(workspaces.<name>.claim)}, or empty. */
    default String claim() {
        return "";
    }

    /** Scratch space that lives as long as the Pod. */
    record EmptyDir() implements WorkspaceBinding {
        @Override
        public Volume volume(String volumeName) {
            return new VolumeBuilder().withName(volumeName).withNewEmptyDir().endEmptyDir().build();
        }
    }

    /** An existing PersistentVolumeClaim. */
    record Pvc(String claimName, String subPath) implements WorkspaceBinding {
        @Override
        public Volume volume(String volumeName) {
            return new VolumeBuilder().withName(volumeName).withNewPersistentVolumeClaim()
                    .withClaimName(claimName).endPersistentVolumeClaim().build();
        }

        @Override
        public String claim() {
            return claimName;
        }
    }

    /** A Secret's keys as files. */
    record Secret(String secretName) implements WorkspaceBinding {
        @Override
        public Volume volume(String volumeName) {
            return new VolumeBuilder().withName(volumeName).withNewSecret().withSecretName(secretName).endSecret().build();
        }
    }

    /** A ConfigMap's keys as files. */
    record ConfigMap(String configMapName) implements WorkspaceBinding {
        @Override
        public Volume volume(String volumeName) {
            return new VolumeBuilder().withName(volumeName).withNewConfigMap().withName(configMapName).endConfigMap().build();
        }
    }

    /**
     * A volume source written as Kubernetes writes it (a TaskRun's {@code emptyDir}, {@code configMap},
     * {@code secret}, {@code projected}, {@code csi} or {@code persistentVolumeClaim} binding).
     *
     * @param template the volume, whose name is replaced
     * @param subPath the sub-directory to mount, or {@code null}
     */
    record Source(Volume template, String subPath) implements WorkspaceBinding {
        @Override
        public Volume volume(String volumeName) {
            return new VolumeBuilder(template).withName(volumeName).build();
        }

        @Override
        public String claim() {
            return template.getPersistentVolumeClaim() == null ? "" : template.getPersistentVolumeClaim().getClaimName();
        }
    }
}
