package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What Task Pods may do on one cluster, decided by its administrator rather than by the pipeline: the namespaces
 * and service accounts they may use, and whether they must meet the Pod Security Standards' {@code baseline}
 * profile (no host namespaces, host paths, host ports, privileged containers, added capabilities beyond the
 * default set, unconfined seccomp/AppArmor, custom SELinux users or types, unmasked /proc, unsafe sysctls).
 * Checked on the finished Pod, so it holds however a field got there (Task YAML, pod template, workspace).
 *
 * @param cluster the cluster's name, for messages
 * @param namespaces the namespaces Pods may run in; empty for any
 * @param serviceAccounts the service accounts Pods may run as; empty for any
 * @param level the Pod Security Standards profile Pods must meet
 */
public record PodPolicy(String cluster, Set<String> namespaces, Set<String> serviceAccounts, Level level) {
    /** No limit: for the CLI, where whoever runs it already holds the kubeconfig. */
    public static final PodPolicy UNRESTRICTED = new PodPolicy(null, Set.of(), Set.of(), Level.PRIVILEGED);

    /** The Pod Security Standards profiles that apply to a Task Pod. */
    public enum Level { BASELINE, PRIVILEGED }

    // Pod Security Standards, baseline profile (Kubernetes 1.31 documentation).
    private static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    public PodPolicy {
        namespaces = Set.copyOf(namespaces);
        serviceAccounts = Set.copyOf(serviceAccounts);
        Objects.requireNonNull(level, "level");
    }

    /**
     * @throws IllegalArgumentException naming every field of the Pod this policy does not allow, and the setting
     *     that would
     */
    public void check(Pod pod) {
        String where = cluster == null ? "This cluster" : "Cluster '" + cluster + "'";
        String ns = pod.getMetadata().getNamespace();
        if (!namespaces.isEmpty() && !namespaces.contains(ns)) {
            throw new IllegalArgumentException(where + " does not allow namespace '" + ns + "' (allowed: "
                    + String.join(", ", namespaces.stream().sorted().toList()) + ")");
        }
        PodSpec spec = pod.getSpec();
        String account = spec.getServiceAccountName();
        if (account != null && !serviceAccounts.isEmpty() && !serviceAccounts.contains(account)) {
            throw new IllegalArgumentException(where + " does not allow service account '" + account + "' (allowed: "
                    + String.join(", ", serviceAccounts.stream().sorted().toList()) + ")");
        }
        if (level == Level.PRIVILEGED) {
            return;
        }
        List<String> problems = new ArrayList<>();
        java.util.Objects.requireNonNullElse(pod.getMetadata().getAnnotations(), Map.<String, String>of()).forEach((key, value) -> {
            // The annotation form of AppArmor profiles, which the baseline profile checks as well.
            if (key.startsWith(APPARMOR_ANNOTATION) && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                problems.add("annotation " + key + ": " + value);
            }
        });
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            problems.add("hostNetwork");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            problems.add("hostPID");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            problems.add("hostIPC");
        }
        for (Volume v : spec.getVolumes()) {
            if (v.getHostPath() != null) {
                problems.add("hostPath volume '" + v.getName() + "' (" + v.getHostPath().getPath() + ")");
            }
        }
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null) {
            context("the Pod", podContext.getWindowsOptions() != null ? podContext.getWindowsOptions().getHostProcess() : null,
                    null, podContext.getSeccompProfile() == null ? null : podContext.getSeccompProfile().getType(),
                    podContext.getAppArmorProfile() == null ? null : podContext.getAppArmorProfile().getType(),
                    podContext.getSeLinuxOptions(), problems);
            for (Sysctl s : podContext.getSysctls()) {
                if (!SAFE_SYSCTLS.contains(s.getName())) {
                    problems.add("sysctl " + s.getName());
                }
            }
        }
        List<Container> containers = new ArrayList<>(spec.getInitContainers());
        containers.addAll(spec.getContainers());
        for (Container c : containers) {
            String name = "container '" + c.getName() + "'";
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    problems.add(name + ": hostPort " + p.getHostPort());
                }
            }
            SecurityContext sc = c.getSecurityContext();
            if (sc == null) {
                continue;
            }
            context(name, sc.getWindowsOptions() != null ? sc.getWindowsOptions().getHostProcess() : null,
                    sc.getPrivileged(), sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType(),
                    sc.getAppArmorProfile() == null ? null : sc.getAppArmorProfile().getType(), sc.getSeLinuxOptions(),
                    problems);
            Capabilities caps = sc.getCapabilities();
            if (caps != null) {
                for (String added : caps.getAdd()) {
                    if (!DEFAULT_CAPABILITIES.contains(added)) {
                        problems.add(name + ": capability " + added);
                    }
                }
            }
            if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
                problems.add(name + ": procMount " + sc.getProcMount());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(where + " allows only Pods that meet the Pod Security Standards' baseline"
                    + " profile; Pod " + pod.getMetadata().getName() + " has " + String.join(", ", problems)
                    + ". An administrator can allow privileged Pods on the cluster (Pod security: privileged).");
        }
    }

    private static void context(String name, Boolean hostProcess, Boolean privileged, String seccomp, String appArmor,
            SELinuxOptions selinux, List<String> problems) {
        if (Boolean.TRUE.equals(hostProcess)) {
            problems.add(name + ": windowsOptions.hostProcess");
        }
        if (Boolean.TRUE.equals(privileged)) {
            problems.add(name + ": privileged");
        }
        if ("Unconfined".equals(seccomp)) {
            problems.add(name + ": seccompProfile Unconfined");
        }
        if ("Unconfined".equals(appArmor)) {
            problems.add(name + ": appArmorProfile Unconfined");
        }
        if (selinux != null) {
            if (selinux.getType() != null && !selinux.getType().isEmpty() && !SELINUX_TYPES.contains(selinux.getType())) {
                problems.add(name + ": seLinuxOptions.type " + selinux.getType());
            }
            if (selinux.getUser() != null && !selinux.getUser().isEmpty()) {
                problems.add(name + ": seLinuxOptions.user");
            }
            if (selinux.getRole() != null && !selinux.getRole().isEmpty()) {
                problems.add(name + ": seLinuxOptions.role");
            }
        }
    }
}
