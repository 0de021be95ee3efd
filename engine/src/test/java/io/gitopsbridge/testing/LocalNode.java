package io.gitopsbridge.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a container's command on this machine the way a node would start it: Kubernetes expansion of
 * {@code command}, {@code args} and {@code env} ({@code $$} becomes {@code $}, {@code $(VAR)} the variable's value
 * when defined), env values from Secrets resolved, then exec. Paths the Pod would have (such as {@code /tekton/…})
 * are rewritten into directories of the test. Lets tests run the scripts that Task Pods carry.
 */
public final class LocalNode {
    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<String, String> rewrites = new LinkedHashMap<>();

    /** Makes a Secret available to {@code secretKeyRef} env values. */
    public LocalNode secret(Secret secret) {
        secrets.put(secret.getMetadata().getName(), secret);
        return this;
    }

    /** Replaces {@code podPath} with {@code local} in the command and env values. */
    public LocalNode path(String podPath, Path local) {
        rewrites.put(podPath, local.toString());
        return this;
    }

    /** What the kubelet does to a {@code command}/{@code args}/{@code env} value. */
    public static String expand(String s, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                int close = s.indexOf(')', i);
                String name = close < 0 ? null : s.substring(i + 2, close);
                if (name != null && env.containsKey(name)) {
                    out.append(env.get(name));
                    i = close;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A finished local run. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs the container's command and returns how it ended. */
    public Result run(Container c) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            String value;
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                value = secrets.get(ref.getName()).getStringData().get(ref.getKey());
            } else {
                value = expand(e.getValue(), env);
            }
            env.put(e.getName(), rewrite(value));
        }
        List<String> argv = new ArrayList<>();
        for (String s : c.getCommand()) {
            argv.add(rewrite(expand(s, env)));
        }
        for (String s : c.getArgs() == null ? List.<String>of() : c.getArgs()) {
            argv.add(expand(s, env));
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        drain.join();
        return new Result(code, out, err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and fails unless it exits 0; returns standard output. */
    public String runOk(Container c) throws Exception {
        Result r = run(c);
        if (r.exitCode() != 0) {
            throw new AssertionError(c.getName() + " exit " + r.exitCode() + ": " + r.stdout() + r.stderr());
        }
        return r.stdout();
    }

    private String rewrite(String s) {
        String r = s;
        for (var e : rewrites.entrySet()) {
            r = r.replace(e.getKey(), e.getValue());
        }
        return r;
    }
}
