package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/CredentialsMatcher.java}. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(@NonNull Credentials item);
}
