package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/common/StandardCredentials.java}. */
public interface StandardCredentials extends IdCredentials {
    @NonNull
    String getDescription();
}
