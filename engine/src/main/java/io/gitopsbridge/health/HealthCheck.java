package io.gitopsbridge.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assesses live objects as gitops-engine does ({@code pkg/health}): Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Pod, Job, CronJob, PersistentVolumeClaim, Service, Ingress and HorizontalPodAutoscaler. Other kinds have no health of
 * their own and never make an application less healthy — a child {@code argoproj.io/Application} (app of apps) among
 * them, as Argo CD stopped assessing those in 1.8.
 */
public final class HealthCheck {
    /** An object carrying this annotation set to {@code true} is left out of the application's health. */
    public static final String IGNORE = "argocd.argoproj.io/ignore-healthcheck";

    private HealthCheck() {}

    /** The health of one live object, or empty for kinds without a rule. */
    public static Optional<Health> of(Map<String, Object> live) {
        if (get(live, "metadata", "deletionTimestamp") != null) {
            return Optional.of(Health.progressing("Pending deletion"));
        }
        String kind = String.valueOf(live.get("kind"));
        try {
            return Optional.ofNullable(switch (kind) {
                case "Deployment" -> deployment(live);
                case "StatefulSet" -> statefulSet(live);
                case "DaemonSet" -> daemonSet(live);
                case "ReplicaSet" -> replicaSet(live);
                case "Pod" -> pod(live);
                case "Job" -> job(live);
                case "CronJob" -> cronJob(live);
                case "PersistentVolumeClaim" -> pvc(live);
                case "Service" -> "LoadBalancer".equals(get(live, "spec", "type")) ? loadBalancer(live) : Health.healthy();
                case "Ingress" -> loadBalancer(live);
                case "HorizontalPodAutoscaler" -> hpa(live);
                case "CustomResourceDefinition" -> String.valueOf(live.get("apiVersion")).startsWith("apiextensions.k8s.io/")
                        ? crd(live) : null;
                default -> null;
            });
        } catch (RuntimeException e) {
            return Optional.of(new Health(HealthStatus.UNKNOWN, "Cannot assess " + kind + ": " + e.getMessage()));
        }
    }

    /**
     * An application's health: the worst of its resources; missing resources (live is {@code null}) are left out,
     * since OutOfSync shows them already, unless none exists at all.
     */
    public static Health application(List<Map<String, Object>> liveObjects) {
        HealthStatus worst = HealthStatus.HEALTHY;
        String message = "";
        boolean anyLive = false;
        for (Map<String, Object> live : liveObjects) {
            if (live == null) {
                continue;
            }
            anyLive = true;
            if ("true".equals(String.valueOf(get(live, "metadata", "annotations") instanceof Map<?, ?> a ? a.get(IGNORE) : null))) {
                continue;
            }
            Optional<Health> h = of(live);
            if (h.isPresent() && h.get().status().ordinal() > worst.ordinal()) {
                worst = h.get().status();
                message = live.get("kind") + "/" + get(live, "metadata", "name") + ": " + h.get().message();
            }
        }
        if (!anyLive && !liveObjects.isEmpty()) {
            return new Health(HealthStatus.MISSING, "No resource exists yet");
        }
        return new Health(worst, message);
    }

    private static Health deployment(Map<String, Object> d) {
        if (Boolean.TRUE.equals(get(d, "spec", "paused"))) {
            return new Health(HealthStatus.SUSPENDED, "Deployment is paused");
        }
        if (!generationObserved(d)) {
            return Health.progressing("Waiting for rollout to finish: observed deployment generation less than desired generation");
        }
        if (condition(d, "Progressing").filter(c -> "ProgressDeadlineExceeded".equals(c.get("reason"))).isPresent()) {
            return Health.degraded("Deployment " + get(d, "metadata", "name") + " has exceeded its progress deadline");
        }
        long replicas = number(get(d, "spec", "replicas"), 1);
        long updated = number(get(d, "status", "updatedReplicas"), 0);
        long total = number(get(d, "status", "replicas"), 0);
        long available = number(get(d, "status", "availableReplicas"), 0);
        if (updated < replicas) {
            return Health.progressing("Waiting for rollout to finish: " + updated + " out of " + replicas + " new replicas have been updated...");
        }
        if (total > updated) {
            return Health.progressing("Waiting for rollout to finish: " + (total - updated) + " old replicas are pending termination...");
        }
        if (available < updated) {
            return Health.progressing("Waiting for rollout to finish: " + available + " of " + updated + " updated replicas are available...");
        }
        return Health.healthy();
    }

    private static Health statefulSet(Map<String, Object> s) {
        long observed = number(get(s, "status", "observedGeneration"), 0);
        if (observed == 0 || !generationObserved(s)) {
            return Health.progressing("Waiting for statefulset spec update to be observed...");
        }
        long replicas = number(get(s, "spec", "replicas"), 1);
        long ready = number(get(s, "status", "readyReplicas"), 0);
        if (ready < replicas) {
            return Health.progressing("Waiting for " + (replicas - ready) + " pods to be ready...");
        }
        String strategy = String.valueOf(get(s, "spec", "updateStrategy", "type"));
        if ("OnDelete".equals(strategy)) {
            return new Health(HealthStatus.HEALTHY, "statefulset has OnDelete update strategy, skipping rollout check");
        }
        Object partition = get(s, "spec", "updateStrategy", "rollingUpdate", "partition");
        if (partition != null) {
            long expected = replicas - number(partition, 0);
            if (number(get(s, "status", "updatedReplicas"), 0) < expected) {
                return Health.progressing("Waiting for partitioned roll out to finish: " + get(s, "status", "updatedReplicas")
                        + " out of " + expected + " new pods have been updated...");
            }
            return Health.healthy();
        }
        if (!String.valueOf(get(s, "status", "updateRevision")).equals(String.valueOf(get(s, "status", "currentRevision")))) {
            return Health.progressing("waiting for statefulset rolling update to complete " + number(get(s, "status", "updatedReplicas"), 0)
                    + " pods at revision " + get(s, "status", "updateRevision") + "...");
        }
        return Health.healthy();
    }

    private static Health daemonSet(Map<String, Object> d) {
        if (!generationObserved(d)) {
            return Health.progressing("Waiting for rollout to finish: observed daemon set generation less than desired generation");
        }
        if ("OnDelete".equals(get(d, "spec", "updateStrategy", "type"))) {
            return new Health(HealthStatus.HEALTHY, "daemon set has OnDelete update strategy, skipping rollout check");
        }
        long desired = number(get(d, "status", "desiredNumberScheduled"), 0);
        long updated = number(get(d, "status", "updatedNumberScheduled"), 0);
        long available = number(get(d, "status", "numberAvailable"), 0);
        if (updated < desired) {
            return Health.progressing("Waiting for daemon set rollout to finish: " + updated + " out of " + desired + " new pods have been updated...");
        }
        if (available < desired) {
            return Health.progressing("Waiting for daemon set rollout to finish: " + available + " of " + desired + " updated pods are available...");
        }
        return Health.healthy();
    }

    private static Health replicaSet(Map<String, Object> r) {
        if (!generationObserved(r)) {
            return Health.progressing("Waiting for rollout to finish: observed replica set generation less than desired generation");
        }
        if (condition(r, "ReplicaFailure").filter(c -> "True".equals(c.get("status"))).isPresent()) {
            return Health.degraded(String.valueOf(condition(r, "ReplicaFailure").get().get("message")));
        }
        long replicas = number(get(r, "spec", "replicas"), 1);
        long available = number(get(r, "status", "availableReplicas"), 0);
        if (available < replicas) {
            return Health.progressing("Waiting for rollout to finish: " + available + " out of " + replicas + " new replicas are available...");
        }
        return Health.healthy();
    }

    @SuppressWarnings("unchecked")
    private static Health pod(Map<String, Object> p) {
        String phase = String.valueOf(get(p, "status", "phase"));
        for (String list : List.of("initContainerStatuses", "containerStatuses")) {
            if (get(p, "status", list) instanceof List<?> statuses) {
                for (Object o : statuses) {
                    Object waiting = o instanceof Map<?, ?> m ? get((Map<String, Object>) m, "state", "waiting") : null;
                    if (waiting instanceof Map<?, ?> w && w.get("reason") != null) {
                        String reason = w.get("reason").toString();
                        if (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")) {
                            return Health.degraded(reason + (w.get("message") == null ? "" : ": " + w.get("message")));
                        }
                    }
                }
            }
        }
        switch (phase) {
            case "Pending":
                return Health.progressing(String.valueOf(get(p, "status", "message") == null ? "" : get(p, "status", "message")));
            case "Succeeded":
                return Health.healthy();
            case "Failed":
                return Health.degraded(String.valueOf(get(p, "status", "message") == null ? "Pod failed" : get(p, "status", "message")));
            case "Running":
                if ("Always".equals(get(p, "spec", "restartPolicy")) || get(p, "spec", "restartPolicy") == null) {
                    if (condition(p, "Ready").filter(c -> "True".equals(c.get("status"))).isPresent()) {
                        return Health.healthy();
                    }
                    if (get(p, "status", "containerStatuses") instanceof List<?> cs && cs.stream()
                            .anyMatch(c -> c instanceof Map<?, ?> m && m.get("restartCount") instanceof Number n && n.longValue() > 0)) {
                        return Health.degraded("Pod has restarted and is not ready");
                    }
                    return Health.progressing("Pod is running but not ready");
                }
                return Health.progressing("Pod is running");
            default:
                return new Health(HealthStatus.UNKNOWN, "Pod phase " + phase);
        }
    }

    private static Health job(Map<String, Object> j) {
        if (condition(j, "Failed").filter(c -> "True".equals(c.get("status"))).isPresent()) {
            return Health.degraded(String.valueOf(condition(j, "Failed").get().getOrDefault("message", "Job failed")));
        }
        if (condition(j, "Complete").filter(c -> "True".equals(c.get("status"))).isPresent()) {
            return new Health(HealthStatus.HEALTHY, String.valueOf(condition(j, "Complete").get().getOrDefault("message", "")));
        }
        if (Boolean.TRUE.equals(get(j, "spec", "suspend"))) {
            return new Health(HealthStatus.SUSPENDED, "Job is suspended");
        }
        return Health.progressing("Job is running");
    }

    private static Health cronJob(Map<String, Object> c) {
        if (Boolean.TRUE.equals(get(c, "spec", "suspend"))) {
            return new Health(HealthStatus.SUSPENDED, "CronJob is suspended");
        }
        return new Health(HealthStatus.HEALTHY, get(c, "status", "lastScheduleTime") == null ? "CronJob has not run yet" : "");
    }

    private static Health pvc(Map<String, Object> pvc) {
        return switch (String.valueOf(get(pvc, "status", "phase"))) {
            case "Bound" -> Health.healthy();
            case "Pending" -> Health.progressing("Waiting for the claim to be bound");
            case "Lost" -> Health.degraded("The claim lost its volume");
            default -> new Health(HealthStatus.UNKNOWN, "");
        };
    }

    private static Health loadBalancer(Map<String, Object> o) {
        return get(o, "status", "loadBalancer", "ingress") instanceof List<?> l && !l.isEmpty()
                ? Health.healthy() : Health.progressing("Waiting for a load balancer address");
    }

    private static Health hpa(Map<String, Object> h) {
        Optional<Map<String, Object>> able = condition(h, "AbleToScale");
        if (able.isPresent() && "False".equals(able.get().get("status"))) {
            return Health.degraded(String.valueOf(able.get().get("message")));
        }
        Optional<Map<String, Object>> active = condition(h, "ScalingActive");
        if (active.isPresent() && "False".equals(active.get().get("status"))
                && String.valueOf(active.get().get("reason")).startsWith("Failed")) {
            return Health.degraded(String.valueOf(active.get().get("message")));
        }
        return Health.healthy();
    }

    /**
     * Argo CD's health of a CRD (its resource customization for apiextensions.k8s.io CustomResourceDefinition): the
     * conditions in order, the first that says terminating, names refused, a non-structural schema or installing
     * decides; otherwise Healthy only when Established.
     */
    private static Health crd(Map<String, Object> crd) {
        if (!(get(crd, "status", "conditions") instanceof List<?> conditions) || conditions.isEmpty()) {
            return Health.progressing("Status conditions not found");
        }
        boolean established = false;
        for (Object o : conditions) {
            if (!(o instanceof Map<?, ?> c)) {
                continue;
            }
            Object type = c.get("type");
            boolean isTrue = "True".equals(c.get("status"));
            String message = String.valueOf(c.get("message"));
            if ("Terminating".equals(type) && isTrue) {
                return Health.progressing("CRD is terminating: " + message);
            }
            if ("NamesAccepted".equals(type) && "False".equals(c.get("status"))) {
                return Health.degraded("CRD names have not been accepted: " + message);
            }
            if ("NonStructuralSchema".equals(type) && isTrue) {
                return Health.degraded("Schema violations found: " + message);
            }
            if ("Established".equals(type)) {
                if (isTrue) {
                    established = true;
                } else if ("Installing".equals(c.get("reason"))) {
                    return Health.progressing("CRD is being installed");
                }
            }
        }
        return established ? new Health(HealthStatus.HEALTHY, "CRD is healthy") : Health.degraded("CRD is not established");
    }

    private static boolean generationObserved(Map<String, Object> o) {
        Object generation = get(o, "metadata", "generation");
        return generation == null || number(generation, 0) <= number(get(o, "status", "observedGeneration"), 0);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> condition(Map<String, Object> o, String type) {
        if (get(o, "status", "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return Optional.of((Map<String, Object>) m);
                }
            }
        }
        return Optional.empty();
    }

    private static long number(Object o, long fallback) {
        return o instanceof Number n ? n.longValue() : fallback;
    }

    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = ((Map<String, Object>) m).get(key);
        }
        return current;
    }
}
