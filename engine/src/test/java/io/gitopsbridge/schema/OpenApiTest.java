package io.gitopsbridge.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OpenApiTest {
    /** Cut from the API server's {@code /openapi/v3/apis/apps/v1} document: references are wrapped in {@code allOf}. */
    static final String APPS_V1 = """
            {"openapi": "3.0.0", "components": {"schemas": {
              "io.k8s.api.apps.v1.Deployment": {"type": "object",
                "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}], "default": {}}},
                "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "Deployment", "version": "v1"}]},
              "io.k8s.api.apps.v1.DeploymentSpec": {"type": "object", "properties": {
                "strategy": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy"}],
                  "x-kubernetes-patch-strategy": "retainKeys"},
                "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}], "default": {}}}},
              "io.k8s.api.apps.v1.DeploymentStrategy": {"type": "object"},
              "io.k8s.api.core.v1.PodTemplateSpec": {"type": "object", "properties": {
                "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}], "default": {}}}},
              "io.k8s.api.core.v1.PodSpec": {"type": "object", "properties": {
                "containers": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}],
                  "default": {}}, "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-list-type": "map",
                  "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"}}},
              "io.k8s.api.core.v1.Container": {"type": "object", "properties": {
                "args": {"type": "array", "items": {"type": "string", "default": ""}, "x-kubernetes-list-type": "atomic"}}}
            }}}
            """;

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws Exception {
        return new ObjectMapper().readValue(text, Map.class);
    }

    @Test
    void aServedV3DocumentIsWalkedThroughItsAllOfReferences() throws Exception {
        TypeSchema deployment = OpenApi.parse(json(APPS_V1)).of("apps", "v1", "Deployment").orElseThrow();

        assertThat(deployment.field(List.of("spec", "template", "spec", "containers")))
                .contains(new Field("merge", "name", "map", List.of("name")));
        assertThat(deployment.field(List.of("spec", "template", "spec", "containers", "args")))
                .contains(new Field(null, null, "atomic", List.of()));
        assertThat(deployment.field(List.of("spec", "strategy")).orElseThrow().hasStrategy("retainKeys")).isTrue();
        assertThat(deployment.field(List.of("spec", "paused"))).as("a field the document does not describe").isEmpty();
        assertThat(OpenApi.parse(json(APPS_V1)).of("apps", "v1", "StatefulSet")).isEmpty();
    }

    @Test
    void aV2DocumentOverTheBuiltInKindsResolvesTheKubernetesTypesItRefersTo() throws Exception {
        OpenApi custom = OpenApi.parse(json("""
                {"definitions": {"com.example.v1.MyKind": {"type": "object",
                  "properties": {"spec": {"type": "object", "properties": {
                    "template": {"$ref": "#/definitions/io.k8s.api.core.v1.PodTemplateSpec"},
                    "items": {"type": "array", "items": {"type": "object"},
                      "x-kubernetes-patch-merge-key": "id", "x-kubernetes-patch-strategy": "merge"}}}},
                  "x-kubernetes-group-version-kind": [{"group": "example.com", "kind": "MyKind", "version": "v1"}]}}}
                """)).over(BuiltinKinds.schema());
        MergeRules rules = MergeRules.strategic(custom.of("example.com", "v1", "MyKind").orElseThrow());

        assertThat(rules.list(List.of("spec", "items"))).isEqualTo(new MergeRules.ListRule(MergeRules.ListKind.KEYED, List.of("id")));
        assertThat(rules.list(List.of("spec", "template", "spec", "containers")))
                .isEqualTo(new MergeRules.ListRule(MergeRules.ListKind.KEYED, List.of("name")));
    }
}
