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
