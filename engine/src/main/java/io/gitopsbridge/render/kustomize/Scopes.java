package io.gitopsbridge.render.kustomize;

import java.util.Set;

/** Which built-in kinds are cluster-scoped (by group and kind): they get no namespace. Others, custom kinds too, do. */
final class Scopes {
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
            "admissionregistration.k8s.io/MutatingAdmissionPolicy",
            "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
            "storage.k8s.io/StorageClass", "storage.k8s.io/VolumeAttachment", "storage.k8s.io/CSIDriver",
            "storage.k8s.io/CSINode", "scheduling.k8s.io/PriorityClass", "networking.k8s.io/IngressClass",
            "node.k8s.io/RuntimeClass", "policy/PodSecurityPolicy", "certificates.k8s.io/CertificateSigningRequest",
            "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
            "authentication.k8s.io/TokenReview", "authorization.k8s.io/SubjectAccessReview",
            "authorization.k8s.io/SelfSubjectAccessReview", "authorization.k8s.io/SelfSubjectRulesReview");

    private Scopes() {}

    static boolean isClusterScoped(String group, String kind) {
        return CLUSTER_SCOPED.contains(group + "/" + kind);
    }
}
