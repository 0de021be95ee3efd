package com.cloudbees.plugins.credentials.common;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/common/UsernamePasswordCredentials.java}. */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {}
