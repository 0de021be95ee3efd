package io.gitopsbridge.tekton;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.gitopsbridge.yaml.YamlNode;
import java.time.Duration;
import java.util.List;

/**
 * A step or a sidecar: a container with Tekton's additions ({@code script}, {@code timeout}, {@code onError}).
 *
 * @param name the step's name, unique in its Task
 * @param image the container image
 * @param command the entrypoint, or empty for the image's own
 * @param args the arguments
 * @param script a script to run instead of {@code command}, or {@code null}
 * @param env environment variables
 * @param envFrom environment from ConfigMaps and Secrets
 * @param workingDir the working directory, or {@code null}
 * @param resources requests and limits, or {@code null}
 * @param securityContext the container's security context, or {@code null}
 * @param volumeMounts extra mounts of the Task's volumes
 * @param imagePullPolicy Always, IfNotPresent, Never, or {@code null}
 * @param timeout the step's own time limit, or {@code null}
 * @param onError what a non-zero exit does: stop the Task (the default) or continue
 * @param passthrough container fields copied to the Pod as written and never substituted (a sidecar's ports and
 *     probes), or {@code null}
 * @param ref for a step that runs a StepAction ({@code ref:}), the reference; {@code null} otherwise. Such a step
 *     is complete only once {@link StepActions#expand} has made it from the StepAction
 * @param node where it was declared
 */
public record StepSpec(
        String name,
        String image,
        List<String> command,
        List<String> args,
        String script,
        List<EnvVar> env,
        List<EnvFromSource> envFrom,
        String workingDir,
        ResourceRequirements resources,
        SecurityContext securityContext,
        List<VolumeMount> volumeMounts,
        String imagePullPolicy,
        Duration timeout,
        OnError onError,
        io.fabric8.kubernetes.api.model.Container passthrough,
        StepRef ref,
        YamlNode node) {

    /** What a step's non-zero exit does. */
    public enum OnError {
        STOP_AND_FAIL,
        CONTINUE
    }

    public StepSpec {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        envFrom = List.copyOf(envFrom);
        volumeMounts = List.copyOf(volumeMounts);
    }
}
