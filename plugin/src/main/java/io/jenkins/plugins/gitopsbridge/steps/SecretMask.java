package io.jenkins.plugins.gitopsbridge.steps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hides the secrets a step fetched for itself in what it prints, as the credentials-binding plugin hides
 * {@code withCredentials} values: a Task that echoes its Git token or registry password shows {@code ****}. Each
 * line of a multi-line secret is hidden on its own, because logs arrive line by line.
 */
final class SecretMask implements UnaryOperator<String> {
    static final String MASK = "****";
    private final List<String> secrets = new ArrayList<>();

    /** Records the secrets that {@code lookup} hands out, and hands them on. */
    CredentialsLookup recording(CredentialsLookup lookup) {
        return new CredentialsLookup() {
            @Override
            public UserPass usernamePassword(String id) {
                UserPass found = lookup.usernamePassword(id);
                add(found.password());
                return found;
            }

            @Override
            public String kubeconfig(String id) {
                return lookup.kubeconfig(id);
            }

            @Override
            public String type(String id) {
                return lookup.type(id);
            }

            @Override
            public String secretText(String id) {
                String found = lookup.secretText(id);
                add(found);
                return found;
            }

            @Override
            public SshKey sshKey(String id) {
                SshKey found = lookup.sshKey(id);
                add(found.privateKey());
                add(found.passphrase());
                return found;
            }

            @Override
            public byte[] secretFile(String id) {
                byte[] found = lookup.secretFile(id);
                add(new String(found, java.nio.charset.StandardCharsets.UTF_8));
                return found;
            }
        };
    }

    synchronized void add(String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>(List.of(secret));
        secret.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(parts::add);
        for (String part : parts) {
            if (!secrets.contains(part)) {
                secrets.add(part);
            }
        }
        // Longest first, so a secret that contains another is hidden whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
    }

    @Override
    public synchronized String apply(String text) {
        String masked = text;
        for (String s : secrets) {
            masked = masked.replace(s, MASK);
        }
        return masked;
    }
}
