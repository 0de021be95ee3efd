package io.gitopsbridge.kaniko;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.image.ImageRef;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Kaniko build.
 *
 * @param executorImage the Kaniko executor image. GoogleContainerTools/kaniko was archived in June 2025 and no longer
 *     publishes images; use a maintained fork's image or one you build, from your own registry
 * @param context the build context, relative to the {@code source} workspace ({@code .} for its root)
 * @param dockerfile the Dockerfile, relative to the context
 * @param destinations images to push, such as {@code registry.example.com/team/app:1.4.0}; the first names the
 *     result's {@code IMAGE@digest}
 * @param buildArgs {@code --build-arg}s
 * @param target the multi-stage target, or {@code null}
 * @param cache whether to use a remote layer cache
 * @param cacheRepo the cache repository, or {@code null} for Kaniko's default ({@code <destination>/cache})
 * @param insecureRegistries registries reached over plain HTTP
 * @param credentials registry host → credentials, written to {@code /kaniko/.docker/config.json}
 * @param extraArgs further executor flags
 */
public record KanikoBuild(
        String executorImage,
        String context,
        String dockerfile,
        List<String> destinations,
        Map<String, String> buildArgs,
        String target,
        boolean cache,
        String cacheRepo,
        List<String> insecureRegistries,
        Map<String, RegistryCredentials> credentials,
        List<String> extraArgs) {

    /** The name of the built-in Task and of its result. */
    public static final String TASK = "kaniko-build";
    public static final String DIGEST = "IMAGE_DIGEST";
    private static final Pattern REFERENCE = Pattern.compile("[a-z0-9]+([._:/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * A user name with a password or token for one registry.
     *
     * @param username the user
     * @param password the password or token
     */
    public record RegistryCredentials(String username, String password) {
        @Override
        public String toString() {
            return "RegistryCredentials[" + username + ", ****]";
        }
    }

    public KanikoBuild {
        if (executorImage == null || executorImage.isBlank()) {
            throw new IllegalArgumentException("No Kaniko executor image is configured; set one (the upstream project"
                    + " is archived and publishes no images: use a maintained fork's or your own)");
        }
        context = context == null || context.isBlank() ? "." : context;
        dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("A Kaniko build needs at least one destination image");
        }
        for (String d : destinations) {
            if (!REFERENCE.matcher(d).matches()) {
                throw new IllegalArgumentException("Destination '" + d + "' is not an image reference such as"
                        + " registry.example.com/team/app:1.4.0");
            }
        }
        buildArgs = Map.copyOf(buildArgs);
        insecureRegistries = List.copyOf(insecureRegistries);
        credentials = Map.copyOf(credentials);
        extraArgs = List.copyOf(extraArgs);
    }

    /** A build of {@code context} pushed to {@code destinations}, with defaults for everything else. */
    public static KanikoBuild of(String executorImage, String context, List<String> destinations) {
        return new KanikoBuild(executorImage, context, null, destinations, Map.of(), null, false, null, List.of(),
                Map.of(), List.of());
    }

    /** The built-in Task: one step running the executor with the image's own entrypoint (it has no shell). */
    public Task task() {
        return new Task(TASK, TektonParser.taskSpec("built-in kaniko-build", """
                description: Builds an image with Kaniko and pushes it; no Docker daemon.
                params:
                  - {name: DOCKERFILE}
                  - {name: CONTEXT}
                  - {name: FLAGS, type: array}
                workspaces:
                  - name: source
                  - name: dockerconfig
                    optional: true
                    mountPath: /kaniko/.docker
                    readOnly: true
                results:
                  - name: IMAGE_DIGEST
                steps:
                  - name: build-and-push
                    image: "%s"
                    args:
                      - --dockerfile=$(params.DOCKERFILE)
                      - --context=dir://$(workspaces.source.path)/$(params.CONTEXT)
                      - $(params.FLAGS[*])
                      - --digest-file=$(results.IMAGE_DIGEST.path)
                """.formatted(executorImage)), "built-in kaniko-build");
    }

    /**
     * The flags that vary per build, passed as an array param; their {@code $} are doubled so that the kubelet's
     * {@code $(VAR)} expansion of args leaves build args as the caller wrote them.
     */
    List<String> flags() {
        List<String> flags = new ArrayList<>();
        destinations.forEach(d -> flags.add("--destination=" + d));
        new TreeMap<>(buildArgs).forEach((k, v) -> flags.add("--build-arg=" + k + "=" + v));
        if (target != null && !target.isBlank()) {
            flags.add("--target=" + target);
        }
        if (cache) {
            flags.add("--cache=true");
            if (cacheRepo != null && !cacheRepo.isBlank()) {
                flags.add("--cache-repo=" + cacheRepo);
            }
        }
        insecureRegistries.forEach(r -> flags.add("--insecure-registry=" + r));
        flags.addAll(extraArgs);
        return flags.stream().map(f -> f.replace("$", "$$")).toList();
    }

    /**
     * A run of this build. The caller binds the {@code source} workspace (or starts it from a
     * {@link io.gitopsbridge.source.GitSource}); registry credentials become a Secret that exists for the run only.
     */
    public TaskRunRequest request(String runName, String namespace) {
        Map<String, ParamValue> params = Map.of(
                "DOCKERFILE", new ParamValue.Text(dockerfile),
                "CONTEXT", new ParamValue.Text(context),
                "FLAGS", new ParamValue.Array(flags()));
        TaskRunRequest request = TaskRunRequest.of(runName, namespace, task(), params);
        if (credentials.isEmpty()) {
            return request;
        }
        String secret = runName + "-docker";
        return request.extend(request.task(), Map.of("dockerconfig", new WorkspaceBinding.Secret(secret)),
                List.of(dockerConfig(secret)));
    }

    private Secret dockerConfig(String name) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode auths = root.putObject("auths");
        Map<String, RegistryCredentials> sorted = new TreeMap<>(credentials);
        sorted.forEach((registry, c) -> auths.putObject(dockerHub(registry) ? "https://index.docker.io/v1/" : registry)
                .put("auth", Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque")
                .withStringData(Map.of("config.json", root.toString())).build();
    }

    private static boolean dockerHub(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io") || registry.equals("registry-1.docker.io");
    }

    /**
     * The outcome of a build.
     *
     * @param digest {@code sha256:…}
     * @param imageReference the first destination's repository with the digest, {@code repo@sha256:…}
     */
    public record Result(String digest, String imageReference) {}

    /**
     * Reads the digest from a successful run.
     *
     * @throws IllegalStateException if the run failed or Kaniko reported no digest
     */
    public Result result(Outcome run) {
        if (!run.succeeded()) {
            throw new IllegalStateException("The Kaniko build failed: " + run.message());
        }
        String digest = run.results().getOrDefault(DIGEST, "").trim();
        if (!SHA256.matcher(digest).matches()) {
            throw new IllegalStateException("Kaniko reported no image digest (got '" + digest + "'); was --no-push given?");
        }
        return new Result(digest, ImageRef.repository(destinations.get(0)) + "@" + digest);
    }
}
