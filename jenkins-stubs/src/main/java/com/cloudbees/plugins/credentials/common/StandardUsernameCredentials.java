package com.cloudbees.plugins.credentials.common;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/common/StandardUsernameCredentials.java}. */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {}
