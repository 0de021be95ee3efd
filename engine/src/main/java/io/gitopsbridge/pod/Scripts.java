package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripts of one Pod's steps and sidecars, placed as executable files by a first init container
 * ({@code place-scripts}, Tekton's {@code pkg/pod/script.go}). A step then runs its file directly, so the kernel
 * picks the interpreter from the shebang and the step's image needs no shell unless the script asks for one. A
 * script without a shebang gets Tekton's {@code #!/bin/sh} and {@code set -e}.
 */
final class Scripts {
    static final String CONTAINER = "place-scripts";
    static final String PREAMBLE = "#!/bin/sh\nset -e\n";

    private final String seed;
    private final List<String> files = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    /** @param seed makes file names differ between Pods, as Tekton's random suffix does */
    Scripts(String seed) {
        this.seed = seed;
    }

    /**
     * Adds a script.
     *
     * @param base {@code script-<i>} for step i, {@code sidecar-script-<i>} for sidecar i
     * @return the file the container runs
     */
    String add(String base, String script) {
        String file = PodBuilder.SCRIPTS_DIR + "/" + base + "-" + suffix(base);
        files.add(file);
        texts.add(script.strip().startsWith("#!") ? script : PREAMBLE + script);
        return file;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * The init container that writes the files. Texts travel as arguments with every {@code $} doubled, so the
     * kubelet's {@code $(VAR)} expansion leaves them as written.
     */
    Container container(String helperImage) {
        StringBuilder sh = new StringBuilder("set -e\n");
        for (int i = 0; i < files.size(); i++) {
            sh.append("printf '%s' \"${").append(i + 1).append("}\" > ").append(files.get(i)).append('\n')
                    .append("chmod +x ").append(files.get(i)).append('\n');
        }
        List<String> args = new ArrayList<>();
        args.add(CONTAINER);
        texts.forEach(t -> args.add(PodBuilder.escape(t)));
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(helperImage)
                .withCommand("/bin/sh", "-c", PodBuilder.escape(sh.toString()))
                .withArgs(args)
                .withVolumeMounts(new VolumeMountBuilder().withName("tekton-internal-scripts")
                        .withMountPath(PodBuilder.SCRIPTS_DIR).build())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    private String suffix(String base) {
        byte[] bytes = (seed + "/" + base).getBytes(StandardCharsets.UTF_8);
        int h = 7;
        for (byte b : bytes) {
            h = h * 31 + b;
        }
        String s = Integer.toString(Math.floorMod(h, 36 * 36 * 36 * 36 * 36), 36);
        return "0".repeat(5 - s.length()) + s;
    }
}
