package io.gitopsbridge.writeback;

import java.util.Objects;

/** One change to one file of a config repository. Files are {@code /}-separated paths from the repository root. */
public sealed interface Edit permits Edit.SetValue, Edit.KustomizeImage, Edit.ContainerImage, Edit.ArgoHelmParameter {
    String file();

    /** What the edit does, for messages and commit bodies. */
    String describe();

    /**
     * Any scalar by path, such as a Helm values file's {@code image.tag}.
     *
     * @param create add the missing keys at the end of the nearest existing mapping instead of failing
     */
    record SetValue(String file, String path, String value, boolean create) implements Edit {
        public SetValue {
            Objects.requireNonNull(file, "file");
            YamlPath.parse(path);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return file + ": " + path + " = " + value;
        }
    }

    /**
     * An entry of a kustomization's {@code images:}, added when missing. Fields left {@code null} stay as they are.
     *
     * @param name the image name the manifests use
     */
    record KustomizeImage(String file, String name, String newName, String newTag, String digest) implements Edit {
        public KustomizeImage {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(name, "name");
            if (newName == null && newTag == null && digest == null) {
                throw new IllegalArgumentException("kustomize image '" + name + "': give newName, newTag or digest");
            }
        }

        @Override
        public String describe() {
            return file + ": images[name=" + name + "]" + (newName == null ? "" : " newName=" + newName)
                    + (newTag == null ? "" : " newTag=" + newTag) + (digest == null ? "" : " digest=" + digest);
        }
    }

    /**
     * The {@code image} of containers in plain manifests (every document of the file): the container with this
     * name, or, when {@code container} is {@code null}, every container whose image repository is {@code image}.
     * A {@code null} tag keeps the current one; a new tag without a digest drops the old digest.
     */
    record ContainerImage(String file, String container, String image, String newTag, String digest) implements Edit {
        public ContainerImage {
            Objects.requireNonNull(file, "file");
            if ((container == null) == (image == null)) {
                throw new IllegalArgumentException("select containers by container name or by image, one of them");
            }
            if (newTag == null && digest == null) {
                throw new IllegalArgumentException("give a new tag, a digest or both");
            }
        }

        @Override
        public String describe() {
            return file + ": " + (container != null ? "container " + container : "containers of " + image) + " → "
                    + (newTag == null ? "" : ":" + newTag) + (digest == null ? "" : "@" + digest);
        }
    }

    /**
     * A Helm parameter in an Argo CD {@code .argocd-source-<app>.yaml} file, as Argo CD Image Updater writes them;
     * the file and the parameter are created when missing.
     */
    record ArgoHelmParameter(String file, String name, String value) implements Edit {
        public ArgoHelmParameter {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return file + ": helm parameter " + name + " = " + value;
        }
    }
}
