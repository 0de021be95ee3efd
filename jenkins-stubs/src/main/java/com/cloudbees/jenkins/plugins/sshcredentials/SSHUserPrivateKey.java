package com.cloudbees.jenkins.plugins.sshcredentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.util.List;

/**
 * Stub of ssh-credentials 349.vb_8b_6b_9709f5b_
 * {@code src/main/java/com/cloudbees/jenkins/plugins/sshcredentials/SSHUserPrivateKey.java}.
 */
public interface SSHUserPrivateKey extends SSHUser {
    @Deprecated
    @NonNull
    String getPrivateKey();

    @CheckForNull
    Secret getPassphrase();

    @NonNull
    List<String> getPrivateKeys();
}
