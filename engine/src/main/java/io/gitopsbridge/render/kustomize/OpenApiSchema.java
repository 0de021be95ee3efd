package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.merge.StrategicMerge;
import io.gitopsbridge.schema.BuiltinKinds;
import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.schema.OpenApi;

/**
 * kustomize's {@code openapi: {path: …}}: an OpenAPI document (JSON or YAML, {@code definitions} with
 * {@code x-kubernetes-group-version-kind}) whose {@code x-kubernetes-patch-merge-key} and
 * {@code x-kubernetes-patch-strategy} decide how strategic merge patches merge the lists of the kinds it defines,
 * as the API's schema does for built-in kinds. Like kustomize, it extends the built-in schema: a {@code $ref} to a
 * Kubernetes type it does not define ({@code io.k8s.api…PodTemplateSpec}) has that type's merge keys.
 */
final class OpenApiSchema {
    /** The built-in schema version kustomize ships; {@code openapi: {version: …}} may name only it. */
    static final String BUILTIN_VERSION = "v1.21.2";

    private final OpenApi document;

    private OpenApiSchema(OpenApi document) {
        this.document = document;
    }

    static OpenApiSchema parse(Object doc) {
        return new OpenApiSchema(OpenApi.parse(doc).over(BuiltinKinds.schema()));
    }

    /**
     * Merge keys for one object's lists: where this schema defines the kind, its {@code x-kubernetes-patch-merge-key}
     * and {@code x-kubernetes-patch-strategy} (kustomize reads a custom schema strategically, whatever the group);
     * otherwise the defaults.
     */
    StrategicMerge.Keys keys(ResId id) {
        return document.of(id.group(), id.version(), id.kind())
                .map(type -> StrategicMerge.keys(MergeRules.strategic(type), true))
                .orElseGet(() -> defaults(id));
    }

    /** The keys without a custom schema: the built-in kinds' table; a custom resource's lists are atomic. */
    static StrategicMerge.Keys defaults(ResId id) {
        return StrategicMerge.keys(MergeRules.builtin(id.group().isEmpty() ? id.version() : id.group() + "/" + id.version(),
                id.kind()), true);
    }
}
