package io.gitopsbridge.sync;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.render.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Applications and rendered targets for sync tests. */
final class SyncFixtures {
    static final EngineSettings FAST = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50));

    private SyncFixtures() {}

    static Application app(String name, String namespace, String extraSpec) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: %s
                  namespace: argocd
                spec:
                  project: default
                  source:
                    repoURL: https://git.example.com/config.git
                    path: apps/%s
                    targetRevision: main
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: %s
                %s""".formatted(name, name, namespace, extraSpec.indent(2)));
    }

    /**
     * A ConfigMap of {@code wave} with {@code data: {v: "1"}}; {@code options} for its sync-options annotation and
     * {@code finalizer} are left out when null.
     */
    static String configMap(String name, int wave, String options, String finalizer) {
        return """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  annotations: {argocd.argoproj.io/sync-wave: "%d"%s}
                  %s
                data: {v: "1"}
                """.formatted(name, wave, options == null ? "" : ", argocd.argoproj.io/sync-options: \"" + options + "\"",
                finalizer == null ? "" : "finalizers: [" + finalizer + "]");
    }

    /** Git-sourced Application {@code name} whose repository is served on loopback {@code port}. */
    static Application gitApp(String name, int port) {
        return Application.parse("app.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s}
                spec:
                  source: {repoURL: "http://127.0.0.1:%d/config.git", path: app, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(name, port, name));
    }

    /** The documents of {@code yaml} as rendered manifests from {@code file}. */
    @SuppressWarnings("unchecked")
    static Target target(String revision, String yaml) {
        List<Manifest> out = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (doc != null) {
                out.add(new Manifest((Map<String, Object>) doc, "manifests.yaml"));
            }
        }
        return Target.rendered(out, List.of(revision));
    }
}
