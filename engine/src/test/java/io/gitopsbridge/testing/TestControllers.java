package io.gitopsbridge.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the Deployment and Job controllers for one namespace of a {@link KubernetesApi}, which has none: a Deployment
 * whose generation is not yet observed is reported rolled out (all replicas updated and available), a Job without a
 * final condition is reported Complete, or Failed when the test says so. A test can hold an object back to keep it
 * Progressing. It reads by polling, so a dropped watch event cannot stall it.
 */
public final class TestControllers implements AutoCloseable {
    private static final ResourceDefinitionContext DEPLOYMENTS = context("apps", "v1", "Deployment", "deployments");
    private static final ResourceDefinitionContext JOBS = context("batch", "v1", "Job", "jobs");

    private final KubernetesClient client;
    private final String namespace;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private TestControllers(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.thread = new Thread(this::loop, "test-controllers");
        thread.setDaemon(true);
        thread.start();
    }

    public static TestControllers start(KubernetesClient client, String namespace) {
        return new TestControllers(client, namespace);
    }

    /** Keeps {@code kind/name} (Deployment or Job) progressing until {@link #release}. */
    public void hold(String kind, String name) {
        held.add(kind + "/" + name);
    }

    public void release(String kind, String name) {
        held.remove(kind + "/" + name);
    }

    /** Jobs whose name starts with {@code prefix} fail. */
    public void failJobs(String prefix) {
        failing.add(prefix);
    }

    /** What the controllers did, in order: {@code Deployment web rolled out}, {@code Job migrate Complete}. */
    public List<String> events() {
        return List.copyOf(events);
    }

    private void loop() {
        while (running) {
            try {
                for (GenericKubernetesResource d : client.genericKubernetesResources(DEPLOYMENTS).inNamespace(namespace).list().getItems()) {
                    rollOut(d);
                }
                for (GenericKubernetesResource j : client.genericKubernetesResources(JOBS).inNamespace(namespace).list().getItems()) {
                    finish(j);
                }
                Thread.sleep(25);
            } catch (InterruptedException e) {
                return;
            } catch (KubernetesClientException e) {
                // An object deleted or changed between list and write: the next round sees it again.
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void rollOut(GenericKubernetesResource d) {
        String name = d.getMetadata().getName();
        Map<String, Object> status = (Map<String, Object>) d.getAdditionalProperties().get("status");
        Long generation = d.getMetadata().getGeneration();
        if (held.contains("Deployment/" + name) || d.getMetadata().getDeletionTimestamp() != null
                || status != null && generation != null && generation.equals(number(status.get("observedGeneration")))) {
            return;
        }
        Map<String, Object> spec = (Map<String, Object>) d.getAdditionalProperties().get("spec");
        long replicas = spec != null && spec.get("replicas") != null ? number(spec.get("replicas")) : 1;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("observedGeneration", generation);
        s.put("replicas", replicas);
        s.put("updatedReplicas", replicas);
        s.put("readyReplicas", replicas);
        s.put("availableReplicas", replicas);
        d.getAdditionalProperties().put("status", s);
        client.genericKubernetesResources(DEPLOYMENTS).inNamespace(namespace).resource(d).updateStatus();
        events.add("Deployment " + name + " rolled out");
    }

    @SuppressWarnings("unchecked")
    private void finish(GenericKubernetesResource j) {
        String name = j.getMetadata().getName();
        Map<String, Object> status = (Map<String, Object>) j.getAdditionalProperties().get("status");
        if (held.contains("Job/" + name) || status != null && status.get("conditions") != null) {
            return;
        }
        boolean fail = failing.stream().anyMatch(name::startsWith);
        String type = fail ? "Failed" : "Complete";
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("conditions", List.of(Map.of("type", type, "status", "True", "message", fail ? "BackoffLimitExceeded" : "")));
        s.put(fail ? "failed" : "succeeded", 1);
        j.getAdditionalProperties().put("status", s);
        client.genericKubernetesResources(JOBS).inNamespace(namespace).resource(j).updateStatus();
        events.add("Job " + name + " " + type);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
