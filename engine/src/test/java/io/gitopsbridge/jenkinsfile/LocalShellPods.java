package io.gitopsbridge.jenkinsfile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test fixture that plays the kubelet and Tekton's controller for a translated PipelineRun on this machine: Tasks in
 * an order their runAfter allows, one at a time, each step's script run by this machine's {@code sh} with the step's env
 * (Kubernetes' {@code $(VAR)} expansion, Secret keys from a map), {@code onError: continue} honoured, and finally Tasks
 * given {@code $(tasks.status)}. Images are not pulled: the scripts' semantics are what is checked. The agent directory
 * is a temporary one.
 */
final class LocalShellPods {
    /** What ran: each Task's status, and the output of all steps in order. */
    record Run(Map<String, String> status, String log) {}

    private static final Pattern ENV_REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private LocalShellPods() {}

    @SuppressWarnings("unchecked")
    static Run run(Map<String, Object> pipelineRun, Path agentDir, Map<String, String> secret) throws Exception {
        Map<String, Object> spec = (Map<String, Object>) pipelineRun.get("spec");
        Map<String, Object> pipeline = (Map<String, Object>) spec.get("pipelineSpec");
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) pipeline.getOrDefault("tasks", List.of());
        Map<String, String> status = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        // The Secret's volume: every key a file, as Kubernetes projects it.
        Path volume = Files.createDirectories(agentDir.resolve("secret"));
        for (Map.Entry<String, String> key : secret.entrySet()) {
            Files.writeString(volume.resolve(key.getKey()), key.getValue());
        }
        Set<String> done = new LinkedHashSet<>();
        boolean failed = false;
        while (done.size() < tasks.size() && !failed) {
            Map<String, Object> next = null;
            for (Map<String, Object> t : tasks) {
                List<String> after = (List<String>) t.getOrDefault("runAfter", List.of());
                if (!done.contains(t.get("name")) && done.containsAll(after)) {
                    next = t;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalStateException("no Task can run: " + done);
            }
            String name = (String) next.get("name");
            boolean ok = task(next, agentDir, secret, Map.of(), log);
            status.put(name, ok ? "Succeeded" : "Failed");
            done.add(name);
            failed = !ok;
        }
        String overall = status.containsValue("Failed") ? "Failed" : "Succeeded";
        for (Map<String, Object> t : (List<Map<String, Object>>) pipeline.getOrDefault("finally", List.of())) {
            Map<String, String> params = new LinkedHashMap<>();
            for (Map<String, Object> p : (List<Map<String, Object>>) t.getOrDefault("params", List.of())) {
                params.put((String) p.get("name"), String.valueOf(p.get("value")).replace("$(tasks.status)", overall));
            }
            status.put((String) t.get("name"), task(t, agentDir, secret, params, log) ? "Succeeded" : "Failed");
        }
        return new Run(status, log.toString());
    }

    @SuppressWarnings("unchecked")
    private static boolean task(Map<String, Object> task, Path agentDir, Map<String, String> secret, Map<String, String> params,
            StringBuilder log) throws Exception {
        Map<String, Object> taskSpec = (Map<String, Object>) task.get("taskSpec");
        log.append("[Pipeline] stage ").append(task.get("displayName")).append('\n');
        for (Map<String, Object> step : (List<Map<String, Object>>) taskSpec.get("steps")) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", System.getenv("PATH"));
            env.put("HOME", agentDir.toString());
            for (Map<String, Object> e : (List<Map<String, Object>>) step.getOrDefault("env", List.of())) {
                String value;
                if (e.get("valueFrom") instanceof Map<?, ?> from) {
                    Map<String, Object> ref = (Map<String, Object>) from.get("secretKeyRef");
                    value = secret.get((String) ref.get("key"));
                    if (value == null) {
                        throw new IllegalStateException("secret key " + ref.get("key") + " missing: the Pod would not start");
                    }
                } else {
                    value = tekton(String.valueOf(e.get("value")), params);
                    value = kubernetes(value, env);
                }
                env.put((String) e.get("name"), localize(value, agentDir));
            }
            String script = localize(tekton((String) step.get("script"), params), agentDir);
            Path file = Files.createTempFile(agentDir, "step", ".sh");
            Files.writeString(file, script);
            Path workingDir = Path.of(localize((String) step.get("workingDir"), agentDir));
            Files.createDirectories(workingDir);
            ProcessBuilder pb = new ProcessBuilder("sh", file.toString()).directory(workingDir.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("a step did not end");
            }
            log.append(out);
            if (p.exitValue() != 0 && !"continue".equals(step.get("onError"))) {
                return false;
            }
        }
        return true;
    }

    private static String tekton(String text, Map<String, String> params) {
        String out = text;
        for (Map.Entry<String, String> p : params.entrySet()) {
            out = out.replace("$(params." + p.getKey() + ")", p.getValue());
        }
        return out;
    }

    /** Kubernetes' env expansion: $(VAR) of a variable defined before, $$ an escaped $. */
    private static String kubernetes(String value, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String replacement = m.group().equals("$$") ? "$" : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The Pod's absolute paths under the agent directory: the workspace claim, the Secret's volume, /tmp. */
    private static String localize(String text, Path agentDir) {
        return text == null ? null : text.replace(Translator.AGENT_DIR, agentDir.toString())
                .replace("/tmp/gitops-bridge-credentials", agentDir + "/tmp-credentials")
                .replace("/gitops-bridge/credentials", agentDir + "/secret");
    }
}
