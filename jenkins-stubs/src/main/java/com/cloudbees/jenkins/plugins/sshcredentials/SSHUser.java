package com.cloudbees.jenkins.plugins.sshcredentials;

import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;

/** Stub of ssh-credentials 349.vb_8b_6b_9709f5b_ {@code src/main/java/com/cloudbees/jenkins/plugins/sshcredentials/SSHUser.java}. */
@Deprecated
public interface SSHUser extends StandardUsernameCredentials {}
