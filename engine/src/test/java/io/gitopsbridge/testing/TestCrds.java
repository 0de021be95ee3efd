package io.gitopsbridge.testing;

/** CRDs for tests whose behaviour depends on a CRD's structural schema. */
public final class TestCrds {
    /**
     * {@code example.com/v1 Gadget}: {@code spec.parts} a map list keyed by {@code name} and {@code slot}, each part's
     * {@code tags} a set, {@code spec.steps} a list without a list type (atomic).
     */
    public static final String GADGET = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          parts:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name, slot]
                            items:
                              type: object
                              properties:
                                name: {type: string}
                                slot: {type: integer}
                                tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                          steps: {type: array, items: {type: string}}
            """;

    private TestCrds() {}
}
