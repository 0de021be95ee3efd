package io.gitopsbridge.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.render.MapTree;
import io.gitopsbridge.render.RenderException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Input of unexpected shapes ends in a RenderException naming the file, never in another exception. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class KustomizeBadInputTest {
    private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

    private static final List<String[]> CASES = List.of(
            new String[] {"resources: cm.yaml\n", CM},
            new String[] {"resources: [cm.yaml]\n", "apiVersion: v1\nkind: ConfigMap\nmetadata: null\n"},
            new String[] {"resources: [cm.yaml]\n", "apiVersion: v1\nkind: ConfigMap\nmetadata: just-a-string\n"},
            new String[] {"resources: [cm.yaml]\n", "- a\n- b\n"},
            new String[] {"resources: [cm.yaml]\nnamePrefix: [a]\n", CM},
            new String[] {"resources: [cm.yaml]\ncommonLabels: x\n", CM},
            new String[] {"resources: [cm.yaml]\ncommonLabels: {a: {b: c}}\n", CM},
            new String[] {"resources: [cm.yaml]\nlabels: [x]\n", CM},
            new String[] {"resources: [cm.yaml]\npatches: [x]\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"add\"}]'\n  target: {kind: ConfigMap}\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: 'kind: ConfigMap'\n  target: x\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"add\", \"path\": \"/data/x/y\", \"value\": 1}]'\n"
                    + "  target: {kind: ConfigMap}\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"replace\", \"path\": \"/metadata/name/0\", \"value\": 1}]'\n"
                    + "  target: {kind: ConfigMap}\n", CM},
            new String[] {"resources: [cm.yaml]\npatchesStrategicMerge:\n- |\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
                    + "    name: cm\n  data: [1, 2]\n", CM},
            new String[] {"resources: [cm.yaml]\npatchesStrategicMerge:\n- |\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
                    + "    name: cm\n  $patch: bogus\n", CM},
            new String[] {"resources: [cm.yaml]\nimages: [{name: '['}]\n", CM},
            new String[] {"resources: [cm.yaml]\nimages: x\n", CM},
            new String[] {"resources: [cm.yaml]\nreplicas: [{name: cm, count: x}]\n", CM},
            new String[] {"resources: [cm.yaml]\nreplacements: [{source: {kind: ConfigMap}, targets: x}]\n", CM},
            new String[] {"resources: [cm.yaml]\nreplacements: [{source: {kind: ConfigMap, fieldPath: metadata.name,"
                    + " options: {delimiter: '-', index: 7}}, targets: [{select: {kind: ConfigMap}}]}]\n", CM},
            new String[] {"resources: [cm.yaml]\ncommonLabels: &x {a: *x}\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"remove\", \"path\": \"/l/99999999999\"}]'\n"
                    + "  target: {kind: ConfigMap}\n", CM + "l: [1]\n"},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"test\", \"path\": \"/v\", \"value\": .nan}]'\n"
                    + "  target: {kind: ConfigMap}\n", CM + "v: 1\n"},
            new String[] {"resources: [cm.yaml]\nlabels: [{pairs: {a: b}, fields: [{path: /}]}]\n", CM},
            new String[] {"resources: [cm.yaml]\nreplacements: [{source: {kind: ConfigMap}, targets: [{select: {kind: ConfigMap},"
                    + " fieldPaths: ['']}]}]\n", CM},
            new String[] {"resources: [cm.yaml]\nreplacements: [{source: {kind: ConfigMap}, targets: [{select: {kind: ConfigMap},"
                    + " fieldPaths: [l.5], options: {create: true}}]}]\n", CM + "l: [1]\n"},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: {data: x}\n  target: {kind: ConfigMap}\n", CM},
            new String[] {"resources: [cm.yaml]\npatches:\n- patch: '[{\"op\": \"replace\", \"path\": \"\", \"value\": 1}]'\n"
                    + "  target: {kind: ConfigMap}\n", CM},
            new String[] {"generators: [gen]\n", CM},
            new String[] {"resources: [cm.yaml]\nvars: [{name: X, objref: {kind: ConfigMap, name: cm}, fieldref: {fieldpath: data}}]\n", CM},
            new String[] {"configMapGenerator: [{name: g, literals: [noequals]}]\n", CM},
            new String[] {"configMapGenerator: [{name: g, literals: ['bad key=1']}]\n", CM},
            new String[] {"configMapGenerator: [{name: g, files: [missing.txt]}]\n", CM},
            new String[] {"configMapGenerator: x\n", CM},
            new String[] {"resources: [cm.yaml]\nsortOptions: {order: random}\n", CM},
            new String[] {"resources: [cm.yaml]\nopenapi: {version: v1.14.1}\n", CM},
            new String[] {"resources: [cm.yaml]\ncrds: [cm.yaml]\n", CM},
            new String[] {"resources: [cm.yaml]\ntransformers: ['apiVersion: builtin\nkind: NopeTransformer\nmetadata: {name: n}']\n", CM},
            new String[] {"resources: [cm.yaml]\nconfigurations: [cm.yaml]\n", CM},
            new String[] {"resources: [../outside.yaml]\n", CM},
            new String[] {"- not a mapping\n", CM},
            new String[] {"resources: [cm.yaml]\nbuildMetadata: [nonsense]\n", CM},
            new String[] {"resources: [cm.yaml]\nnamespace: ns\nnamePrefix: p-\n", "apiVersion: rbac.authorization.k8s.io/v1\n"
                    + "kind: RoleBinding\nmetadata: {name: rb}\nsubjects: x\nroleRef: y\n"},
            new String[] {"resources: [cm.yaml]\nnamePrefix: p-\n", "apiVersion: rbac.authorization.k8s.io/v1\n"
                    + "kind: RoleBinding\nmetadata: {name: rb}\nsubjects: [1, {kind: ServiceAccount}]\nroleRef: {kind: Role, name: 7}\n"},
            new String[] {"resources: [cm.yaml]\ncommonLabels: {a: b}\n", "apiVersion: apps/v1\nkind: Deployment\n"
                    + "metadata: {name: d, labels: [x]}\nspec: {selector: 5, template: [1]}\n"},
            new String[] {"resources: [cm.yaml]\nimages: [{name: nginx, newTag: '2'}]\n", "apiVersion: v1\nkind: Pod\n"
                    + "metadata: {name: p}\nspec: {containers: [{name: a, image: 5}, 7, {name: b}]}\n"},
            new String[] {"resources: [cm.yaml]\nreplicas: [{name: d, count: 2}]\n", "apiVersion: apps/v1\nkind: Deployment\n"
                    + "metadata: {name: d}\nspec: 5\n"},
            new String[] {"resources: [cm.yaml]\nvars: [{name: X, objref: {kind: ConfigMap, name: cm}, fieldref: {fieldpath: 'data.[x'}}]\n",
                    CM + "data: {a: $(X)}\n"});

    @Test
    void everyBadShapeIsARenderExceptionOrRenders() {
        List<String> escaped = new ArrayList<>();
        for (String[] c : CASES) {
            MapTree tree = MapTree.of("app/kustomization.yaml", c[0], "app/cm.yaml", c[1],
                    "app/gen/kustomization.yaml", "resources: [..]\n");
            try {
                Kustomize.build(tree, "app", KustomizeOptions.ARGO_CD);
            } catch (RenderException e) {
                assertThat(e.getMessage()).as(c[0]).startsWith("app/");
            } catch (RuntimeException | StackOverflowError e) {
                escaped.add(c[0].strip() + " -> " + e);
            }
        }
        assertThat(escaped).isEmpty();
    }
}
