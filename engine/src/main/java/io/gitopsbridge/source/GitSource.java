package io.gitopsbridge.source;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.tekton.StepSpec;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TaskSpec;
import io.gitopsbridge.tekton.WorkspaceDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a Task's source comes from: a Git URL at an exact commit.
 *
 * @param url the repository, {@code https://…} or {@code ssh://…}/{@code git@host:path}
 * @param commit the full commit SHA to check out
 * @param credentials how to authenticate, or {@code null} for a public repository
 * @param image an image with {@code git} and {@code sh} (and {@code ssh} for SSH URLs)
 */
public record GitSource(String url, String commit, GitCredentials credentials, String image) {
    /** The step that clones, and the workspace it clones into. */
    public static final String STEP = "source";
    public static final String WORKSPACE = "source";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public GitSource {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(image, "image");
        if (commit == null || !SHA.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit must be a full 40- or 64-character SHA, not '" + commit
                    + "'; a branch name would make the build depend on when it ran");
        }
    }

    /**
     * The run with a first step that clones this source into workspace {@code source}: the Task's own
     * {@code source} workspace if it declares one, else a new one; an unbound one gets an emptyDir.
     *
     * @throws IllegalArgumentException if the Task already has a step named {@code source}
     */
    public TaskRunRequest prepend(TaskRunRequest request) {
        TaskSpec spec = request.task().spec();
        if (spec.steps().stream().anyMatch(s -> s.name().equals(STEP))) {
            throw new IllegalArgumentException("Task '" + request.task().name() + "' already has a step named '" + STEP
                    + "'; rename it to start the Task from source");
        }
        List<WorkspaceDeclaration> workspaces = new ArrayList<>(spec.workspaces());
        Map<String, WorkspaceBinding> bindings = Map.of();
        WorkspaceDeclaration target = spec.workspace(WORKSPACE).orElse(null);
        if (target == null) {
            target = new WorkspaceDeclaration(WORKSPACE, "/workspace/" + WORKSPACE, false, false, "The build's source", null);
            workspaces.add(target);
        }
        if (!request.workspaces().containsKey(WORKSPACE)) {
            bindings = Map.of(WORKSPACE, new WorkspaceBinding.EmptyDir());
        }
        String secretName = request.runName() + "-git";
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("GIT_URL", escape(url), null),
                new EnvVar("GIT_COMMIT", commit, null),
                new EnvVar("GIT_TERMINAL_PROMPT", "0", null),
                new EnvVar("DEST", target.mountPath(), null)));
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>(spec.volumes());
        List<Secret> secrets = new ArrayList<>();
        if (credentials instanceof GitCredentials.UsernamePassword up) {
            env.add(fromSecret("GIT_USERNAME", secretName, "username"));
            env.add(fromSecret("GIT_PASSWORD", secretName, "password"));
            secrets.add(secret(secretName, Map.of("username", up.username(), "password", up.password())));
        } else if (credentials instanceof GitCredentials.SshKey ssh) {
            secrets.add(secret(secretName, Map.of("id", ssh.privateKey().endsWith("\n") ? ssh.privateKey() : ssh.privateKey() + "\n",
                    "known_hosts", ssh.knownHosts())));
            volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("git-ssh")
                    .withNewSecret().withSecretName(secretName).withDefaultMode(0400).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName("git-ssh").withMountPath("/tekton/creds/ssh").withReadOnly(true).build());
            env.add(new EnvVar("GIT_SSH_COMMAND", "ssh -i /tekton/creds/ssh/id -o IdentitiesOnly=yes"
                    + " -o UserKnownHostsFile=/tekton/creds/ssh/known_hosts -o StrictHostKeyChecking=yes", null));
        }
        StepSpec clone = new StepSpec(STEP, image, List.of(), List.of(), CLONE, env, List.of(), null, null, null, mounts,
                null, null, StepSpec.OnError.STOP_AND_FAIL, null, null, null);
        List<StepSpec> steps = new ArrayList<>();
        steps.add(clone);
        steps.addAll(spec.steps());
        TaskSpec withSource = new TaskSpec(spec.params(), steps, spec.sidecars(), workspaces, spec.results(), volumes,
                spec.description());
        return request.extend(new Task(request.task().name(), withSource, request.task().file()), bindings, secrets);
    }

    /**
     * Fetches exactly one commit. The password reaches git through a credential helper reading the environment, so
     * it is never part of a URL, a command line or a log.
     */
    static final String CLONE = String.join("\n",
            "set -eu",
            "mkdir -p \"$DEST\"",
            "cd \"$DEST\"",
            "git init -q .",
            "git remote add origin \"$GIT_URL\"",
            "if [ -n \"${GIT_USERNAME:-}\" ]; then",
            "  git config credential.helper '!f() { echo \"username=${GIT_USERNAME}\"; echo \"password=${GIT_PASSWORD}\"; }; f'",
            "fi",
            "git fetch -q --depth 1 origin \"$GIT_COMMIT\"",
            "git checkout -q FETCH_HEAD",
            "echo \"Checked out $(git rev-parse HEAD) from $GIT_URL\"",
            "");

    private static String escape(String value) {
        return value.replace("$", "$$");
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef(key, secret, false).endValueFrom().build();
    }

    private static Secret secret(String name, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque").withStringData(data).build();
    }
}
